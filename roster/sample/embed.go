package sample

import _ "embed"

// DongThap is the Đồng Tháp sample plan (dong-thap.yaml beside this file): the plan a
// coordinator would recognise, which `dutyroster demo` runs on. This is its one copy.
//
//go:embed dong-thap.yaml
var DongThap []byte

// Templates are the commented starter plans `dutyroster plan template` writes, by language.
var Templates = map[string][]byte{"vi": templateVI, "en": templateEN}

//go:embed template.vi.yaml
var templateVI []byte

//go:embed template.en.yaml
var templateEN []byte
