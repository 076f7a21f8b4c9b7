module example.com/summaries

go 1.25

require example.org/lru v0.1.0

replace example.org/lru => ./_deps/lru
