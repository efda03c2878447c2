// The built-in themes, compiled into the program from the .toml files beside this one (SwiftPM's
// `embedInCode`): the files are the one source, and a changed file is a changed theme at the
// next build.

/// Each built-in theme's TOML text, by name.
public let builtInThemeFiles: [String: [UInt8]] = [
    "night": PackageResources.night_toml,
    "day": PackageResources.day_toml,
    "high-contrast": PackageResources.high_contrast_toml,
    "mono": PackageResources.mono_toml,
]
