module example.com/precision/distinct

go 1.26.0
