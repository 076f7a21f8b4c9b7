module example.com/precision/witness

go 1.26.0
