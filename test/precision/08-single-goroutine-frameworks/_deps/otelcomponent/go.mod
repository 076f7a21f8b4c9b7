module go.opentelemetry.io/collector/component

go 1.26.0
