// Package greeter is a gRPC service: every RPC runs on its own goroutine.
package greeter

import (
	"context"
	"sync"

	"example.com/mr1004/greeter/greeterpb"
)

type Server struct {
	greeterpb.UnimplementedGreeterServer
	greeted map[string]int
}

func (s *Server) SayHello(ctx context.Context, req *greeterpb.HelloRequest) (*greeterpb.HelloReply, error) {
	s.greeted[req.Name]++ // want "write of map s\\.greeted races with write in another RPC.*MR1002"
	return &greeterpb.HelloReply{Message: "hello " + req.Name}, nil
}

// LockedServer holds a mutex around its map. Silent.
type LockedServer struct {
	greeterpb.UnimplementedGreeterServer
	mu      sync.Mutex
	greeted map[string]int
}

func (s *LockedServer) SayHello(ctx context.Context, req *greeterpb.HelloRequest) (*greeterpb.HelloReply, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.greeted[req.Name]++
	return &greeterpb.HelloReply{Message: "hello " + req.Name}, nil
}
