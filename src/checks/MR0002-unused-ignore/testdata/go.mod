module example.com/mr0002

go 1.25
