module example.com/irgolden

go 1.23
