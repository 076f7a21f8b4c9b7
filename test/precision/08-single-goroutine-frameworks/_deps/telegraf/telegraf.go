// Package telegraf is a stand-in for github.com/influxdata/telegraf written for these fixtures: the declarations
// of the API they use, so that they compile without the network. The fixtures are analysed, never run.
//
// The contract it stands for: the agent calls an input's Init, then Start (service inputs), then Gather once per
// interval, each call after the last one returned, then Stop. Two instances of a plugin run independently.
package telegraf

// Accumulator takes the metrics a plugin gathers.
type Accumulator interface {
	AddFields(measurement string, fields map[string]interface{}, tags map[string]string)
}

// Input gathers metrics once per interval.
type Input interface {
	Gather(acc Accumulator) error
}

// ServiceInput also runs between Start and Stop.
type ServiceInput interface {
	Input
	Start(acc Accumulator) error
	Stop()
}

// Metric is one measurement.
type Metric interface {
	Name() string
}

// Output writes metrics somewhere.
type Output interface {
	Connect() error
	Close() error
	Write(metrics []Metric) error
}
