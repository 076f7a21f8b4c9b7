module example.com/exclude

go 1.25
