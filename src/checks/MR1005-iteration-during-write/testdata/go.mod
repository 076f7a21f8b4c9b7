module example.com/mr1005

go 1.26.0
