module example.com/cg

go 1.25
