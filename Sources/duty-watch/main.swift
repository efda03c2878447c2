print("duty-watch")
