// Package testdata holds the sample plans. The Đồng Tháp sample is embedded so that
// `dutyroster demo` works from the binary alone; its one copy lives in plans/dong-thap.yaml.
package testdata

import _ "embed"

// DongThap is testdata/plans/dong-thap.yaml: the sample a coordinator would recognise.
//
//go:embed plans/dong-thap.yaml
var DongThap []byte
