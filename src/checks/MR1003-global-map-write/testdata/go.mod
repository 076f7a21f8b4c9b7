module example.com/mr1003

go 1.25
