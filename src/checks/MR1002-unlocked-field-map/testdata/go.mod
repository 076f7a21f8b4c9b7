module example.com/mr1002

go 1.25
