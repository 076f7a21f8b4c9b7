module example.com/precision/witnessed

go 1.26.0
