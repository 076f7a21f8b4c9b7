module example.com/mr0001

go 1.25
