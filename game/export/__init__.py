"""Ways out of the game: text and JSON results now; HTML reports and graphs later."""
