module example.com/precision/publication

go 1.26.0
