report "Test"
section a "A"
