module example.com/precision/lenreads

go 1.26.0
