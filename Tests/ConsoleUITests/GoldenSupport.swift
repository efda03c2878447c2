import DutyTestSupport

/// This suite's golden screens: Tests/ConsoleUITests/Golden.
let golden = GoldenFiles(suite: "ConsoleUITests")
