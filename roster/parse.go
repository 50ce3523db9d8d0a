package roster

import (
	"bytes"
	"fmt"
	"net"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/robfig/cron/v3"
	"go.yaml.in/yaml/v3"
	"golang.org/x/text/unicode/norm"
)

// ParsePlan reads a plan file (the format the README describes). It checks the whole file and returns either the
// plan or a *PlanErrors holding every problem found, each with its line. Text is normalised to
// Unicode NFC. file is only used to name the file in messages.
func ParsePlan(file string, data []byte) (*Plan, error) {
	p := &planParser{file: file, officerLines: map[string]int{}, areaLines: map[string]int{}, postLines: map[string]int{}}
	plan := p.parse(data)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		return nil, &PlanErrors{File: file, Problems: p.problems}
	}
	return plan, nil
}

// ParsePlanTree checks a plan given as a YAML node tree built by another reader (a workbook):
// the same checks and messages as ParsePlan. Node lines index the places where(line) names
// ("Cán bộ!C7"), and problems come in that order.
func ParsePlanTree(file string, root *yaml.Node, where func(line int) string) (*Plan, error) {
	p := &planParser{file: file, where: where, officerLines: map[string]int{}, areaLines: map[string]int{}, postLines: map[string]int{}}
	plan := p.tree(root)
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool { return p.problems[i].Line < p.problems[j].Line })
		for i := range p.problems {
			p.problems[i].Where = where(p.problems[i].Line)
		}
		return nil, &PlanErrors{File: file, Problems: p.problems}
	}
	return plan, nil
}

type planParser struct {
	file         string
	where        func(line int) string // names a line for messages; nil: "line N"
	problems     []Problem
	later        []func()
	areaLines    map[string]int
	officerLines map[string]int
	postLines    map[string]int
	plan         *Plan
}

// at names a place of the file in a message: "line 12", or a workbook's cell.
func (p *planParser) at(line int) any {
	if p.where != nil {
		return p.where(line)
	}
	return lineRef(line)
}

// lineRef is a line of the plan file, named in a message: "line 12", "dòng 12".
type lineRef int

func (l lineRef) String() string { return l.Localize("en") }

// Localize names the line in the language.
func (l lineRef) Localize(lang string) string {
	if lang == "vi" {
		return fmt.Sprintf("dòng %d", int(l))
	}
	return fmt.Sprintf("line %d", int(l))
}

func (p *planParser) errf(line int, format string, args ...any) {
	p.problems = append(p.problems, Problemf(p.file, line, "", format, args...))
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

func (p *planParser) parse(data []byte) *Plan {
	// Bytes first: the file must be UTF-8 text with something in it.
	if !utf8.Valid(data) {
		line := 1
		for i := 0; i < len(data); {
			r, size := utf8.DecodeRune(data[i:])
			if r == utf8.RuneError && size <= 1 {
				p.errf(line, "the file is not valid UTF-8 (byte 0x%02X); save it as UTF-8", data[i])
				return nil
			}
			if r == '\n' {
				line++
			}
			i += size
		}
	}
	data = bytes.TrimPrefix(data, []byte("\xef\xbb\xbf"))
	data = norm.NFC.Bytes(data)
	// A tab in indentation is the commonest YAML mistake; name its line exactly.
	for i, line := range bytes.Split(data, []byte("\n")) {
		indent := line[:len(line)-len(bytes.TrimLeft(line, " \t"))]
		if bytes.IndexByte(indent, '\t') >= 0 && len(bytes.TrimSpace(line)) > 0 {
			p.errf(i+1, "a tab is used for indentation; YAML needs spaces")
			return nil
		}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil {
		msg := err.Error()
		line := 1
		for _, l := range strings.Split(msg, "\n") {
			if m := yamlLineRE.FindStringSubmatch(strings.TrimSpace(l)); m != nil {
				line, _ = strconv.Atoi(m[1])
				msg = m[2]
				break
			}
		}
		msg = strings.TrimPrefix(msg, "yaml: ")
		p.errf(line, "YAML syntax error: %s", msg)
		return nil
	}
	if len(doc.Content) == 0 {
		p.errf(1, "the file is empty; a plan needs at least version, center, officers and posts")
		return nil
	}
	return p.tree(doc.Content[0])
}

// tree reads the plan from its root node.
func (p *planParser) tree(root *yaml.Node) *Plan {
	root = resolve(root)
	if root.Kind != yaml.MappingNode {
		p.errf(root.Line, "a plan must be a mapping of keys (version, center, officers, posts, ...), not %s", kindName(root))
		return nil
	}
	plan := &Plan{Version: 0, Rules: DefaultRules(), Holidays: HolidayConfig{Calendar: "vn"}}
	p.plan = plan
	f := p.fields(root, "the plan", PlanKeys[""])
	p.require(root, f, "the plan", "version", "center", "officers", "posts")
	if n := f["version"]; n != nil {
		if v, ok := p.intVal(n, "version"); ok && v != 1 {
			p.errf(n.Line, "version %d is not supported; this program reads version 1", v)
		}
		plan.Version = 1
	}
	if n := f["center"]; n != nil {
		plan.Center = p.center(n)
	}
	if n := f["areas"]; n != nil {
		for _, an := range p.list(n, "areas") {
			plan.Areas = append(plan.Areas, p.area(an))
		}
	}
	if n := f["officers"]; n != nil {
		list := p.list(n, "officers")
		if len(list) > MaxOfficers {
			p.errf(resolve(n).Line, "a plan may list at most %d officers, not %d", MaxOfficers, len(list))
			list = nil
		}
		for _, on := range list {
			plan.Officers = append(plan.Officers, p.officer(on))
		}
	}
	if n := f["posts"]; n != nil {
		list := p.list(n, "posts")
		if len(list) > MaxPosts {
			p.errf(resolve(n).Line, "a plan may list at most %d posts, not %d", MaxPosts, len(list))
			list = nil
		}
		for _, pn := range list {
			plan.Posts = append(plan.Posts, p.post(pn))
		}
	}
	if n := f["rules"]; n != nil {
		plan.Rules = p.rules(n)
	}
	if n := f["holidays"]; n != nil {
		plan.Holidays = p.holidays(n)
	}
	if n := f["daemon"]; n != nil {
		d := p.daemon(n)
		plan.Daemon = &d
	}
	// Cross references need every section read first.
	for _, check := range p.later {
		check()
	}
	return plan
}

// resolve follows YAML aliases to the node they name.
func resolve(n *yaml.Node) *yaml.Node {
	for n != nil && n.Kind == yaml.AliasNode && n.Alias != nil {
		n = n.Alias
	}
	return n
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.ScalarNode:
		if n.Tag == "!!null" {
			return "empty"
		}
		return fmt.Sprintf("the value %q", n.Value)
	}
	return "something else"
}

// fields checks a mapping's keys against the allowed ones and returns its values.
func (p *planParser) fields(n *yaml.Node, what subject, allowed []string) map[string]*yaml.Node {
	out := map[string]*yaml.Node{}
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		p.errf(n.Line, "%s must be a mapping of keys, not %s", what, kindName(n))
		return out
	}
	ok := map[string]bool{}
	for _, a := range allowed {
		ok[a] = true
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := resolve(n.Content[i]), resolve(n.Content[i+1])
		key := k.Value
		switch {
		case !ok[key]:
			hint := T("")
			if s := closest(key, allowed); s != "" {
				hint = T(" (did you mean %q?)", s)
			}
			p.errf(k.Line, "unknown key %q in %s%s; known keys: %s", key, what, hint, strings.Join(allowed, ", "))
		case out[key] != nil:
			p.errf(k.Line, "key %q appears twice in %s", key, what)
		default:
			out[key] = v
		}
	}
	return out
}

// named describes a mapping by its id for messages: "officer tgv-01", or "an officer" without one.
func named(kind string, n *yaml.Node) subject {
	n = resolve(n)
	if n.Kind == yaml.MappingNode {
		for i := 0; i+1 < len(n.Content); i += 2 {
			if k, v := resolve(n.Content[i]), resolve(n.Content[i+1]); k.Value == "id" && v.Kind == yaml.ScalarNode && v.Value != "" {
				if strings.HasSuffix(kind, "/") {
					return subject("shift " + strings.TrimPrefix(kind, "shift ") + v.Value)
				}
				return subject(kind + " " + v.Value)
			}
		}
	}
	if strings.HasSuffix(kind, "/") {
		return subject("a shift of post " + strings.TrimSuffix(strings.TrimPrefix(kind, "shift "), "/"))
	}
	if strings.ContainsRune("aeiou", rune(kind[0])) {
		return subject("an " + kind)
	}
	return subject("a " + kind)
}

// require reports each required key missing from a mapping, naming the thing by who.
func (p *planParser) require(n *yaml.Node, f map[string]*yaml.Node, who subject, keys ...string) {
	n = resolve(n)
	if n.Kind != yaml.MappingNode {
		return
	}
	for _, k := range keys {
		if f[k] == nil {
			p.errf(n.Line, "%s has no %q, which is required", who, k)
		}
	}
}

// closest returns the allowed key nearest to key when it is a likely typo.
func closest(key string, allowed []string) string {
	best, bestD := "", 3
	for _, a := range allowed {
		if d := editDistance(key, a); d < bestD {
			best, bestD = a, d
		}
	}
	return best
}

func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		return 99
	}
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			c := prev[j-1]
			if a[i-1] != b[j-1] {
				c++
			}
			cur[j] = min(c, prev[j]+1, cur[j-1]+1)
		}
		prev, cur = cur, prev
	}
	return prev[len(b)]
}

func (p *planParser) list(n *yaml.Node, what subject) []*yaml.Node {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return nil
	}
	if n.Kind != yaml.SequenceNode {
		p.errf(n.Line, "%s must be a list, not %s", what, kindName(n))
		return nil
	}
	out := make([]*yaml.Node, len(n.Content))
	for i, c := range n.Content {
		out[i] = resolve(c)
	}
	return out
}

func (p *planParser) str(n *yaml.Node, what subject) (string, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || n.Tag == "!!null" {
		p.errf(n.Line, "%s must be text, not %s", what, kindName(n))
		return "", false
	}
	s := strings.TrimSpace(n.Value)
	if err := CheckText(string(what), s); err != nil {
		p.errf(n.Line, "%v", err)
		return "", false
	}
	return s, true
}

// text reads a required non-empty text value.
func (p *planParser) text(n *yaml.Node, what subject) string {
	s, ok := p.str(n, what)
	if ok && s == "" {
		p.errf(n.Line, "%s is empty", what)
	}
	return s
}

func (p *planParser) intVal(n *yaml.Node, what subject) (int, bool) {
	n = resolve(n)
	v, err := strconv.Atoi(n.Value)
	if n.Kind != yaml.ScalarNode || err != nil || (n.Tag != "!!int" && n.Tag != "!!str") {
		p.errf(n.Line, "%s must be a whole number, not %s", what, kindName(n))
		return 0, false
	}
	return v, true
}

func (p *planParser) boolVal(n *yaml.Node, what subject) bool {
	n = resolve(n)
	if n.Kind == yaml.ScalarNode && n.Tag == "!!bool" {
		var b bool
		if err := n.Decode(&b); err == nil {
			return b
		}
	}
	p.errf(n.Line, "%s must be true or false, not %s", what, kindName(n))
	return false
}

func (p *planParser) milli(n *yaml.Node, what subject) (Milli, bool) {
	n = resolve(n)
	if n.Kind != yaml.ScalarNode || (n.Tag != "!!int" && n.Tag != "!!float") {
		p.errf(n.Line, "%s must be a number, not %s", what, kindName(n))
		return 0, false
	}
	m, err := ParseMilli(n.Value)
	if err != nil && strings.HasPrefix(n.Value, "-") {
		p.errf(n.Line, "%s must be more than 0, not %s", what, n.Value)
		return 0, false
	}
	if err != nil {
		p.errf(n.Line, "%s: %v", what, err)
		return 0, false
	}
	return m, true
}

func (p *planParser) strList(n *yaml.Node, what subject) ([]string, []*yaml.Node) {
	var out []string
	var nodes []*yaml.Node
	for _, c := range p.list(n, what) {
		if s, ok := p.str(c, "each item of "+what); ok {
			out = append(out, s)
			nodes = append(nodes, c)
		}
	}
	return out, nodes
}

func (p *planParser) id(n *yaml.Node, what subject) string {
	s, ok := p.str(n, what+" id")
	if ok && !ValidID(s) {
		p.errf(n.Line, "%s id %q may hold only lowercase a-z, 0-9 and '-'", what, s)
	}
	return s
}

func (p *planParser) date(n *yaml.Node, what subject) Date {
	s, ok := p.str(n, what)
	if !ok {
		return Date{}
	}
	d, err := ParseDate(s)
	if err != nil {
		p.errf(n.Line, "%s: %v", what, err)
	}
	return d
}

func (p *planParser) clock(n *yaml.Node, what subject) Clock {
	s, ok := p.str(n, what)
	if !ok {
		return 0
	}
	c, err := ParseClock(s)
	if err != nil {
		p.errf(n.Line, "%s: %v", what, err)
	}
	return c
}

func (p *planParser) center(n *yaml.Node) Center {
	f := p.fields(n, "center", PlanKeys["center"])
	p.require(n, f, "center", "name", "hotline")
	c := Center{Timezone: DefaultTimezone, DocumentCode: "TB-TGPL"}
	if v := f["name"]; v != nil {
		c.Name = p.text(v, "center name")
	}
	if v := f["parent"]; v != nil {
		c.Parent, _ = p.str(v, "center parent")
	}
	if v := f["place"]; v != nil {
		c.Place, _ = p.str(v, "center place")
	}
	if v := f["hotline"]; v != nil {
		if s, ok := p.str(v, "center hotline"); ok {
			if ph, err := NormalizePhone(s); err != nil {
				p.errf(v.Line, "center hotline: %v", err)
			} else {
				c.Hotline = ph
			}
		}
	}
	if v := f["timezone"]; v != nil {
		if s, ok := p.str(v, "center timezone"); ok {
			if _, err := time.LoadLocation(s); err != nil || s == "" || s == "Local" {
				p.errf(v.Line, "unknown time zone %q; use an IANA name such as Asia/Ho_Chi_Minh", s)
			}
			c.Timezone = s
		}
	}
	if v := f["document_type"]; v != nil {
		c.DocumentType = p.text(v, "center document_type")
		if code, ok := DocumentTypes[c.DocumentType]; !ok {
			p.errf(v.Line, "center document_type %q: use notice (THÔNG BÁO, code TB) or plan (KẾ HOẠCH, code KH), or leave it out for a plain LỊCH TRỰC", c.DocumentType)
		} else {
			c.DocumentCode = code + "-TGPL"
		}
	}
	if v := f["document_code"]; v != nil {
		c.DocumentCode = p.text(v, "center document_code")
		// The number's code names the document's type: a THÔNG BÁO is numbered "…/TB-…".
		if want, ok := DocumentTypes[c.DocumentType]; ok && strings.SplitN(c.DocumentCode, "-", 2)[0] != want {
			p.errf(v.Line, "center document_code %q does not go with document_type %s: its code must start with %s- (as in %s-TGPL)",
				c.DocumentCode, c.DocumentType, want, want)
		}
	}
	if v := f["signer"]; v != nil {
		c.Signer = p.signer(v)
	}
	if v := f["recipients"]; v != nil {
		c.Recipients, _ = p.strList(v, "center recipients")
	}
	return c
}

// signer reads who signs, and on whose authority.
func (p *planParser) signer(v *yaml.Node) Signer {
	var s Signer
	sf := p.fields(v, "center signer", PlanKeys["center.signer"])
	p.require(v, sf, "center signer", "title", "name")
	if t := sf["title"]; t != nil {
		s.Title = p.text(t, "signer title")
	}
	if t := sf["name"]; t != nil {
		s.Name = p.text(t, "signer name")
	}
	if t := sf["for"]; t != nil {
		s.For = p.text(t, "signer for")
	}
	t := sf["authority"]
	if t == nil {
		if sf["for"] != nil {
			p.errf(sf["for"].Line, "center signer: for %q needs an authority (KT., TL., TUQ. or TM.)", s.For)
		}
		return s
	}
	s.Authority = p.text(t, "signer authority")
	switch s.Authority {
	case AuthorityDeputy, AuthorityDelegated, AuthorityDelegated2, AuthorityCollective:
		if s.For == "" {
			p.errf(t.Line, "center signer: authority %s needs for: whom the signer signs for (as in %s Giám đốc)", s.Authority, s.Authority)
		}
	case AuthorityActing:
		if s.For != "" {
			p.errf(t.Line, "center signer: authority Q. (acting) signs under the signer's own title; leave out for")
		}
	default:
		p.errf(t.Line, "center signer authority %q: use KT. (a deputy), TL. or TUQ. (by delegation), Q. (acting) or TM. (on behalf of a collective body)", s.Authority)
	}
	return s
}

func (p *planParser) area(n *yaml.Node) Area {
	f := p.fields(n, named("area", n), PlanKeys["areas[]"])
	a := Area{Active: true}
	if v := f["id"]; v != nil {
		a.ID = p.id(v, "area")
		if first, dup := p.areaLines[a.ID]; dup {
			p.errf(v.Line, "duplicate area id %q (first defined at %s)", a.ID, p.at(first))
		} else {
			p.areaLines[a.ID] = v.Line
		}
	}
	p.require(n, f, subject("area "+a.ID), "id", "name")
	if v := f["name"]; v != nil {
		a.Name = p.text(v, subject("area "+a.ID+" name"))
	}
	return a
}

func (p *planParser) knownArea(n *yaml.Node, who subject, id string) {
	if _, ok := p.areaLines[id]; ok {
		return
	}
	known := make([]string, 0, len(p.plan.Areas))
	for _, a := range p.plan.Areas {
		known = append(known, a.ID)
	}
	if len(known) == 0 {
		p.errf(n.Line, "%s names area %q, but the plan has no areas", who, id)
		return
	}
	p.errf(n.Line, "%s names unknown area %q; areas are: %s", who, id, strings.Join(known, ", "))
}

// areasKnown reports whether every named area (empty names aside) is defined.
func (p *planParser) areasKnown(areas []string) bool {
	for _, a := range areas {
		if _, ok := p.areaLines[a]; !ok && a != "" {
			return false
		}
	}
	return true
}

func (p *planParser) officer(n *yaml.Node) Officer {
	f := p.fields(n, named("officer", n), PlanKeys["officers[]"])
	o := Officer{Share: 1000, Active: true, Source: "plan"}
	who := subject("officer")
	if v := f["id"]; v != nil {
		o.ID = p.id(v, "officer")
		who = subject("officer " + o.ID)
		if first, dup := p.officerLines[o.ID]; dup {
			p.errf(v.Line, "duplicate officer id %q (first defined at %s)", o.ID, p.at(first))
		} else {
			p.officerLines[o.ID] = v.Line
		}
	}
	p.require(n, f, who, "id", "name", "role", "phone")
	if v := f["name"]; v != nil {
		o.Name = p.text(v, who+" name")
	}
	if v := f["role"]; v != nil {
		if s, ok := p.str(v, who+" role"); ok {
			r, err := ParseRole(s)
			if err != nil {
				p.errf(v.Line, "%s: %v", who, err)
			}
			o.Role = r
		}
	}
	if v := f["phone"]; v != nil {
		if s, ok := p.str(v, who+" phone"); ok {
			ph, err := NormalizePhone(s)
			if err != nil {
				p.errf(v.Line, "%s: %v", who, err)
			}
			o.Phone = ph
		}
	}
	if v := f["email"]; v != nil {
		if s, ok := p.str(v, who+" email"); ok {
			if s != "" && CheckEmail(s) != nil {
				p.errf(v.Line, "%s: email %q is not an e-mail address", who, s)
			}
			o.Email = s
		}
	}
	if v := f["areas"]; v != nil {
		areas, nodes := p.strList(v, who+" areas")
		o.Areas = areas
		p.later = append(p.later, func() {
			for i, a := range areas {
				p.knownArea(nodes[i], who, a)
			}
		})
	}
	if v := f["share"]; v != nil {
		if m, ok := p.milli(v, who+" share"); ok {
			if m <= 0 {
				p.errf(v.Line, "%s: share must be more than 0, not %s", who, m)
			} else if m < MinShare || m > MaxShare {
				p.errf(v.Line, "%s: share must be between %s and %s, not %s", who, MinShare, MaxShare, m)
			}
			o.Share = m
		}
	}
	if v := f["max_per_month"]; v != nil {
		if m, ok := p.intVal(v, who+" max_per_month"); ok {
			if m < 1 {
				p.errf(v.Line, "%s: max_per_month must be at least 1, not %d", who, m)
			} else if m > MaxPerMonthLimit {
				p.errf(v.Line, "%s: max_per_month must be at most %d, not %d", who, MaxPerMonthLimit, m)
			}
			o.MaxPerMonth = m
		}
	}
	if v := f["active"]; v != nil {
		o.Active = p.boolVal(v, who+" active")
	}
	if v := f["unavailable"]; v != nil {
		list := p.list(v, who+" unavailable")
		if len(list) > MaxLeavePerOfficer {
			p.errf(resolve(v).Line, "%s lists %d unavailabilities; at most %d", who, len(list), MaxLeavePerOfficer)
			list = nil
		}
		for _, un := range list {
			if u, ok := p.unavailability(un, who); ok {
				o.Unavailable = append(o.Unavailable, u)
			}
		}
	}
	return o
}

func (p *planParser) unavailability(n *yaml.Node, who subject) (Unavailability, bool) {
	what := who + " unavailability"
	f := p.fields(n, what, PlanKeys["officers[].unavailable[]"])
	u := Unavailability{Source: "plan"}
	if v := f["reason"]; v != nil {
		u.Reason, _ = p.str(v, what+" reason")
	}
	n = resolve(n)
	switch {
	case f["rrule"] != nil:
		if f["from"] != nil || f["to"] != nil {
			p.errf(n.Line, "%s: use either from/to or rrule/start/end, not both", what)
			return u, false
		}
		for _, k := range []string{"start", "end"} {
			if f[k] == nil {
				p.errf(n.Line, "%s with rrule has no %q, which is required", what, k)
				return u, false
			}
		}
		u.Kind = UnavailRRule
		if s, ok := p.str(f["rrule"], what+" rrule"); ok {
			if err := CheckRRule(s); err != nil {
				p.errf(f["rrule"].Line, "%s: %v", what, err)
			}
			u.RRule = s
		}
		u.Start = p.clock(f["start"], what+" start")
		u.End = p.clock(f["end"], what+" end")
	case f["from"] != nil || f["to"] != nil:
		for _, k := range []string{"from", "to"} {
			if f[k] == nil {
				p.errf(n.Line, "%s has no %q, which is required", what, k)
				return u, false
			}
		}
		if f["start"] != nil || f["end"] != nil {
			p.errf(n.Line, "%s: start and end belong to an rrule; write from and to as dates or date-times", what)
			return u, false
		}
		from, ok1 := p.str(f["from"], what+" from")
		to, ok2 := p.str(f["to"], what+" to")
		if !ok1 || !ok2 {
			return u, false
		}
		if strings.ContainsAny(from, "T ") || strings.ContainsAny(to, "T ") {
			u.Kind = UnavailWindow
			a, err := ParseDateTime(from)
			if err != nil {
				p.errf(f["from"].Line, "%s from: %v", what, err)
			}
			b, err2 := ParseDateTime(to)
			if err2 != nil {
				p.errf(f["to"].Line, "%s to: %v", what, err2)
			}
			if err == nil && err2 == nil && !(a.Date.Before(b.Date) || a.Date == b.Date && a.Clock < b.Clock) {
				p.errf(f["to"].Line, "%s: from %s is not before to %s", what, a, b)
			}
			u.From, u.To = a, b
		} else {
			u.Kind = UnavailDays
			a, err := ParseDate(from)
			if err != nil {
				p.errf(f["from"].Line, "%s from: %v", what, err)
			}
			b, err2 := ParseDate(to)
			if err2 != nil {
				p.errf(f["to"].Line, "%s to: %v", what, err2)
			}
			if err == nil && err2 == nil && a.After(b) {
				p.errf(f["to"].Line, "%s: from %s is after to %s", what, a, b)
			}
			u.FromDate, u.ToDate = a, b
		}
	default:
		p.errf(n.Line, "%s needs from and to (dates or date-times) or rrule, start and end", what)
		return u, false
	}
	return u, true
}

func (p *planParser) post(n *yaml.Node) Post {
	f := p.fields(n, named("post", n), PlanKeys["posts[]"])
	post := Post{Active: true}
	who := subject("post")
	if v := f["id"]; v != nil {
		post.ID = p.id(v, "post")
		who = subject("post " + post.ID)
		if first, dup := p.postLines[post.ID]; dup {
			p.errf(v.Line, "duplicate post id %q (first defined at %s)", post.ID, p.at(first))
		} else {
			p.postLines[post.ID] = v.Line
		}
	}
	p.require(n, f, who, "id", "name", "kind", "shifts")
	if v := f["name"]; v != nil {
		post.Name = p.text(v, who+" name")
	}
	if v := f["kind"]; v != nil {
		if s, ok := p.str(v, who+" kind"); ok {
			k, err := ParsePostKind(s)
			if err != nil {
				p.errf(v.Line, "%s: %v", who, err)
			}
			post.Kind = k
		}
	}
	if v := f["area"]; v != nil {
		if s, ok := p.str(v, who+" area"); ok {
			post.Area = s
			p.later = append(p.later, func() { p.knownArea(v, who, s) })
		}
	}
	if v := f["address"]; v != nil {
		post.Address, _ = p.str(v, who+" address")
	}
	if v := f["phone"]; v != nil {
		if s, ok := p.str(v, who+" phone"); ok {
			ph, err := NormalizePhone(s)
			if err != nil {
				p.errf(v.Line, "%s: %v", who, err)
			}
			post.Phone = ph
		}
	}
	if v := f["contacts"]; v != nil {
		for _, cn := range p.list(v, who+" contacts") {
			post.Contacts = append(post.Contacts, p.contact(cn, who+" contact"))
		}
	}
	if v := f["shifts"]; v != nil {
		shifts := p.list(v, who+" shifts")
		if len(shifts) == 0 {
			p.errf(resolve(v).Line, "%s has no shifts; a post needs at least one", who)
		}
		if len(shifts) > MaxShiftsPerPost {
			p.errf(resolve(v).Line, "%s has %d shifts; a post may have at most %d", who, len(shifts), MaxShiftsPerPost)
			shifts = nil
		}
		seen := map[string]int{}
		for _, sn := range shifts {
			s := p.shift(sn, &post, seen)
			post.Shifts = append(post.Shifts, s)
		}
	}
	return post
}

func (p *planParser) shift(n *yaml.Node, post *Post, seen map[string]int) Shift {
	f := p.fields(n, named("shift "+post.ID+"/", n), PlanKeys["posts[].shifts[]"])
	s := Shift{Need: 1, Holidays: HolidaysSkip, Strategy: StrategyBalanced, BackupRoles: append([]Role(nil), Roles...)}
	who := subject("shift " + post.ID + "/?")
	if v := f["id"]; v != nil {
		s.ID = p.id(v, "shift")
		who = subject("shift " + post.ID + "/" + s.ID)
		if first, dup := seen[s.ID]; dup {
			p.errf(v.Line, "duplicate shift id %q in post %s (first defined at %s)", s.ID, post.ID, p.at(first))
		} else {
			seen[s.ID] = v.Line
		}
	}
	p.require(n, f, who, "id", "rrule", "start", "end", "mode", "roles")
	if v := f["label"]; v != nil {
		s.Label, _ = p.str(v, who+" label")
	}
	if s.Label == "" {
		s.Label = s.ID
	}
	if v := f["rrule"]; v != nil {
		if r, ok := p.str(v, who+" rrule"); ok {
			if err := CheckRRule(r); err != nil {
				p.errf(v.Line, "%s: %v", who, err)
			}
			s.RRule = r
		}
	}
	if v := f["anchor"]; v != nil {
		s.Anchor = p.date(v, who+" anchor")
	}
	if v := f["start"]; v != nil {
		s.Start = p.clock(v, who+" start")
	}
	if v := f["end"]; v != nil {
		s.End = p.clock(v, who+" end")
	}
	if v := f["mode"]; v != nil {
		if m, ok := p.str(v, who+" mode"); ok {
			switch Mode(m) {
			case ModeInPerson, ModePhone:
				s.Mode = Mode(m)
			default:
				p.errf(v.Line, "%s: unknown mode %q; use in_person or phone", who, m)
			}
		}
	}
	if v := f["need"]; v != nil {
		if k, ok := p.intVal(v, who+" need"); ok {
			if k < 1 {
				p.errf(v.Line, "%s: need must be at least 1, not %d", who, k)
			} else if k > MaxNeed {
				p.errf(v.Line, "%s: need must be at most %d, not %d", who, MaxNeed, k)
			}
			s.Need = k
		}
	}
	if v := f["roles"]; v != nil {
		s.Roles = p.roles(v, who, "roles")
	}
	if v := f["backup"]; v != nil {
		if k, ok := p.intVal(v, who+" backup"); ok {
			if k < 0 {
				p.errf(v.Line, "%s: backup must be 0 or more, not %d", who, k)
			} else if k > MaxNeed {
				p.errf(v.Line, "%s: backup must be at most %d, not %d", who, MaxNeed, k)
			}
			s.Backup = k
		}
	}
	if v := f["backup_roles"]; v != nil {
		s.BackupRoles = p.roles(v, who, "backup_roles")
	}
	if v := f["holidays"]; v != nil {
		if h, ok := p.str(v, who+" holidays"); ok {
			switch HolidayPolicy(h) {
			case HolidaysSkip, HolidaysKeep:
				s.Holidays = HolidayPolicy(h)
			default:
				p.errf(v.Line, "%s: holidays must be skip or keep, not %q", who, h)
			}
		}
	}
	if v := f["strategy"]; v != nil {
		if st, ok := p.str(v, who+" strategy"); ok {
			switch Strategy(st) {
			case StrategyBalanced, StrategyRotation:
				s.Strategy = Strategy(st)
			default:
				p.errf(v.Line, "%s: unknown strategy %q; use balanced or rotation", who, st)
			}
		}
	}
	var orderNodes []*yaml.Node
	if v := f["order"]; v != nil {
		s.Order, orderNodes = p.strList(v, who+" order")
	}
	switch {
	case s.Strategy == StrategyRotation && len(s.Order) == 0:
		p.errf(resolve(n).Line, "%s: strategy rotation needs an order listing the officers in turn", who)
	case s.Strategy == StrategyBalanced && len(s.Order) > 0:
		p.errf(resolve(f["order"]).Line, "%s: order is only used with strategy rotation", who)
	}
	if s.Strategy == StrategyRotation {
		shift := s
		area := post.Area
		p.later = append(p.later, func() {
			seenOrder := map[string]bool{}
			for i, id := range shift.Order {
				line := orderNodes[i].Line
				o := p.plan.Officer(id)
				switch {
				case o == nil:
					p.errf(line, "%s: order names unknown officer %q", who, id)
				case seenOrder[id]:
					p.errf(line, "%s: order names %s twice", who, id)
				case len(shift.Roles) == 0:
					// roles is empty: already reported
				case !shift.AllowsRole(o.Role, false):
					p.errf(line, "%s: order names %s (%s), who may not take this duty (roles: %s)", who, id, o.Role, joinStrings(shift.Roles))
				case !p.areasKnown(o.Areas) || !p.areasKnown([]string{area}):
					// an unknown area: already reported
				case !o.ServesArea(area):
					p.errf(line, "%s: order names %s, who does not serve area %s", who, id, area)
				case !o.Active:
					p.errf(line, "%s: order names %s, who is inactive", who, id)
				}
				seenOrder[id] = true
			}
		})
	}
	return s
}

func (p *planParser) roles(n *yaml.Node, who subject, key string) []Role {
	names, nodes := p.strList(n, who+" "+subject(key))
	if len(names) == 0 {
		p.errf(resolve(n).Line, "%s: %s is empty; list who may take this duty", who, key)
		return nil
	}
	var out []Role
	for i, s := range names {
		r, err := ParseRole(s)
		if err != nil {
			p.errf(nodes[i].Line, "%s %s: %v", who, key, err)
			continue
		}
		out = append(out, r)
	}
	return out
}

func (p *planParser) rules(n *yaml.Node) Rules {
	r := DefaultRules()
	f := p.fields(n, "rules", PlanKeys["rules"])
	intRule := func(key string, min, max int, dst *int) {
		if v := f[key]; v != nil {
			if k, ok := p.intVal(v, subject("rules "+key)); ok {
				if k < min {
					p.errf(v.Line, "rules %s must be at least %d, not %d", key, min, k)
				} else if k > max {
					p.errf(v.Line, "rules %s must be at most %d, not %d", key, max, k)
				}
				*dst = k
			}
		}
	}
	intRule("min_rest_hours", 0, MaxRestHours, &r.MinRestHours)
	intRule("max_per_month", 1, MaxPerMonthLimit, &r.MaxPerMonth)
	intRule("max_consecutive_days", 1, MaxConsecutive, &r.MaxConsecutiveDays)
	intRule("notice_working_days", 0, MaxNoticeDays, &r.NoticeWorkingDays)
	if v := f["burden"]; v != nil {
		bf := p.fields(v, "rules burden", PlanKeys["rules.burden"])
		for key, dst := range map[string]*Milli{"weekday": &r.Burden.Weekday, "weekend": &r.Burden.Weekend, "holiday": &r.Burden.Holiday, "night": &r.Burden.Night} {
			if w := bf[key]; w != nil {
				if m, ok := p.milli(w, subject("burden "+key)); ok {
					if m <= 0 {
						p.errf(w.Line, "burden %s must be more than 0, not %s", key, m)
					} else if m > MaxWeight {
						p.errf(w.Line, "burden %s must be at most %s, not %s", key, MaxWeight, m)
					}
					*dst = m
				}
			}
		}
	}
	return r
}

func (p *planParser) holidays(n *yaml.Node) HolidayConfig {
	h := HolidayConfig{Calendar: "vn"}
	f := p.fields(n, "holidays", PlanKeys["holidays"])
	if v := f["calendar"]; v != nil {
		if s, ok := p.str(v, "holidays calendar"); ok {
			if s != "vn" && s != "none" {
				p.errf(v.Line, "holidays calendar must be vn or none, not %q", s)
			}
			h.Calendar = s
		}
	}
	if v := f["add"]; v != nil {
		for _, an := range p.list(v, "holidays add") {
			af := p.fields(an, "a holiday", PlanKeys["holidays.add[]"])
			p.require(an, af, "a holiday", "date", "name")
			var hd HolidayDate
			if d := af["date"]; d != nil {
				hd.Date = p.date(d, "holiday date")
			}
			if nm := af["name"]; nm != nil {
				hd.Name = p.text(nm, "holiday name")
			}
			h.Add = append(h.Add, hd)
		}
	}
	if v := f["remove"]; v != nil {
		for _, dn := range p.list(v, "holidays remove") {
			h.Remove = append(h.Remove, p.date(dn, "holidays remove"))
		}
	}
	return h
}

// durText writes a duration as a plan would: 48h, 30m, 1m30s.
func durText(d time.Duration) string {
	switch {
	case d != 0 && d%time.Hour == 0:
		return fmt.Sprintf("%dh", d/time.Hour)
	case d != 0 && d%time.Minute == 0:
		return fmt.Sprintf("%dm", d/time.Minute)
	}
	return d.String()
}

func (p *planParser) duration(n *yaml.Node, what subject) time.Duration {
	s, ok := p.str(n, what)
	if !ok {
		return 0
	}
	d, err := time.ParseDuration(s)
	if err != nil || d < 0 {
		p.errf(n.Line, "%s: %q is not a duration such as 18h or 30m", what, s)
	}
	return d
}

// cronSpec checks a cron spec: five fields (or a descriptor such as @daily, or a CRON_TZ=
// prefix), and one that fires at all (0 8 30 2 * never does).
func (p *planParser) cronSpec(n *yaml.Node, what subject) string {
	s, ok := p.str(n, what)
	if !ok || s == "" {
		if ok {
			p.errf(n.Line, "%s is empty", what)
		}
		return ""
	}
	sched, err := cron.ParseStandard(s)
	if err != nil {
		p.errf(n.Line, "%s: %q is not a cron spec (minute hour day month weekday, e.g. \"0 8 10 * *\"): %v", what, s, err)
		return s
	}
	if sched.Next(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)).IsZero() {
		p.errf(n.Line, "%s: %q never fires", what, s)
	}
	return s
}

// contact reads a person to notify: a name, and an e-mail and a phone where given.
func (p *planParser) contact(n *yaml.Node, what subject) Contact {
	cf := p.fields(n, what, PlanKeys["posts[].contacts[]"])
	p.require(n, cf, what, "name")
	var c Contact
	if x := cf["name"]; x != nil {
		c.Name = p.text(x, what+" name")
	}
	if x := cf["email"]; x != nil {
		if c.Email, _ = p.str(x, what+" email"); c.Email != "" {
			if err := CheckEmail(c.Email); err != nil {
				p.errf(x.Line, "%s %s: %v", what, c.Name, err)
			}
		}
	}
	if x := cf["phone"]; x != nil {
		if s, ok := p.str(x, what+" phone"); ok && s != "" {
			ph, err := NormalizePhone(s)
			if err != nil {
				p.errf(x.Line, "%s %s: %v", what, c.Name, err)
			}
			c.Phone = ph
		}
	}
	return c
}

func (p *planParser) daemon(n *yaml.Node) DaemonConfig {
	d := DefaultDaemon()
	f := p.fields(n, "daemon", PlanKeys["daemon"])
	if v := f["base_url"]; v != nil {
		d.BaseURL = p.text(v, "daemon base_url")
		if u, err := url.Parse(d.BaseURL); err != nil || (u.Scheme != "https" && u.Scheme != "http") || u.Host == "" || u.RawQuery != "" {
			p.errf(v.Line, "daemon base_url %q is not an address such as https://lich.tgpl.example.vn", d.BaseURL)
		}
	}
	if v := f["catch_up"]; v != nil {
		d.CatchUp = p.duration(v, "daemon catch_up")
		if d.CatchUp > MaxCatchUp {
			p.errf(v.Line, "daemon catch_up must be at most %s, not %s", durText(MaxCatchUp), durText(d.CatchUp))
		}
	}
	if v := f["coordinators"]; v != nil {
		for _, cn := range p.list(v, "daemon coordinators") {
			c := p.contact(cn, "a coordinator")
			d.Coordinators = append(d.Coordinators, c)
		}
	}
	if v := f["notify"]; v != nil {
		d.Notify = nil
		seen := map[string]int{}
		for _, nn := range p.list(v, "daemon notify") {
			nt := p.notifier(nn)
			name := nt.ChannelName()
			if line, dup := seen[name]; dup {
				p.errf(resolve(nn).Line, "two notifiers are both called %q (the other at %s); give each a different name", name, p.at(line))
			}
			seen[name] = resolve(nn).Line
			d.Notify = append(d.Notify, nt)
		}
	}
	if v := f["jobs"]; v != nil {
		jf := p.fields(v, "daemon jobs", PlanKeys["daemon.jobs"])
		if x := jf["generate"]; x != nil {
			g := p.fields(x, "the generate job", PlanKeys["daemon.jobs.generate"])
			p.require(x, g, "the generate job", "cron")
			if c := g["cron"]; c != nil {
				d.Jobs.Generate.Cron = p.cronSpec(c, "generate cron")
			}
			if m := g["months_ahead"]; m != nil {
				if k, ok := p.intVal(m, "months_ahead"); ok {
					if k < 0 || k > MaxMonthsAhead {
						p.errf(m.Line, "months_ahead must be between 0 and %d, not %d", MaxMonthsAhead, k)
					}
					d.Jobs.Generate.MonthsAhead = k
				}
			}
		}
		if x := jf["deadline"]; x != nil {
			g := p.fields(x, "the deadline job", PlanKeys["daemon.jobs.deadline"])
			p.require(x, g, "the deadline job", "cron")
			if c := g["cron"]; c != nil {
				d.Jobs.Deadline.Cron = p.cronSpec(c, "deadline cron")
			}
			if m := g["months_ahead"]; m != nil {
				if k, ok := p.intVal(m, "months_ahead"); ok {
					if k < 0 || k > MaxMonthsAhead {
						p.errf(m.Line, "months_ahead must be between 0 and %d, not %d", MaxMonthsAhead, k)
					}
					d.Jobs.Deadline.MonthsAhead = k
				}
			}
			if m := g["within_working_days"]; m != nil {
				if k, ok := p.intVal(m, "within_working_days"); ok {
					if k < 0 || k > MaxNoticeDays {
						p.errf(m.Line, "within_working_days must be between 0 and %d, not %d", MaxNoticeDays, k)
					}
					d.Jobs.Deadline.WithinWorkingDays = k
				}
			}
		}
		if x := jf["deliver"]; x != nil {
			g := p.fields(x, "the deliver job", PlanKeys["daemon.jobs.deliver"])
			p.require(x, g, "the deliver job", "cron")
			if c := g["cron"]; c != nil {
				d.Jobs.Deliver.Cron = p.cronSpec(c, "deliver cron")
			}
			if o := g["outbox"]; o != nil {
				d.Jobs.Deliver.Outbox = p.text(o, "deliver outbox")
			}
			if l := g["lang"]; l != nil {
				if s, ok := p.str(l, "deliver lang"); ok {
					if s != "vi" && s != "en" {
						p.errf(l.Line, "deliver lang must be vi or en, not %q", s)
					}
					d.Jobs.Deliver.Lang = s
				}
			}
		}
		if x := jf["remind"]; x != nil {
			g := p.fields(x, "the remind job", PlanKeys["daemon.jobs.remind"])
			p.require(x, g, "the remind job", "cron")
			if c := g["cron"]; c != nil {
				d.Jobs.Remind.Cron = p.cronSpec(c, "remind cron")
			}
			if b := g["before"]; b != nil {
				d.Jobs.Remind.Before = p.duration(b, "remind before")
				if d.Jobs.Remind.Before > MaxRemindBefore {
					p.errf(b.Line, "remind before must be at most %s, not %s", durText(MaxRemindBefore), durText(d.Jobs.Remind.Before))
				}
			}
		}
		if x := jf["digest"]; x != nil {
			g := p.fields(x, "the digest job", PlanKeys["daemon.jobs.digest"])
			p.require(x, g, "the digest job", "cron")
			if c := g["cron"]; c != nil {
				d.Jobs.Digest.Cron = p.cronSpec(c, "digest cron")
			}
		}
	}
	return d
}

func (p *planParser) notifier(n *yaml.Node) Notifier {
	f := p.fields(n, "a notifier", PlanKeys["daemon.notify[]"])
	p.require(n, f, "a notifier", "kind")
	nt := Notifier{Timeout: DefaultNotifyTimeout, Retries: 3, Backoff: time.Second}
	if v := f["name"]; v != nil {
		nt.Name = p.text(v, "notifier name")
	}
	if v := f["kind"]; v != nil {
		nt.Kind, _ = p.str(v, "notifier kind")
		switch nt.Kind {
		case "log", "command", "webhook", "email":
		default:
			p.errf(v.Line, "unknown notifier kind %q; use log, command, webhook or email", nt.Kind)
		}
	}
	need := func(key string) {
		if f[key] == nil {
			p.errf(resolve(n).Line, "a %s notifier needs %q", nt.Kind, key)
		}
	}
	switch nt.Kind {
	case "command":
		need("command")
	case "webhook":
		need("url")
	case "email":
		need("smtp")
		need("from")
	}
	if v := f["command"]; v != nil {
		nt.Command, _ = p.strList(v, "notifier command")
		if len(nt.Command) == 0 {
			p.errf(resolve(v).Line, "notifier command is empty; give the program and its arguments as a list")
		}
	}
	if v := f["env"]; v != nil {
		var nodes []*yaml.Node
		nt.Env, nodes = p.strList(v, "notifier env")
		for i, name := range nt.Env {
			if name == "" || strings.ContainsAny(name, "= \t") {
				p.errf(nodes[i].Line, "notifier env %q is not the name of an environment variable", name)
			}
		}
	}
	if v := f["timeout"]; v != nil {
		nt.Timeout = p.duration(v, "notifier timeout")
		if nt.Timeout < time.Second || nt.Timeout > MaxNotifyTimeout {
			p.errf(v.Line, "notifier timeout must be between 1s and %s, not %s", durText(MaxNotifyTimeout), durText(nt.Timeout))
		}
	}
	if v := f["url"]; v != nil {
		if s, ok := p.str(v, "notifier url"); ok {
			if u, err := url.Parse(s); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
				p.errf(v.Line, "notifier url %q is not an http(s) address", s)
			}
			nt.URL = s
		}
	}
	if v := f["retries"]; v != nil {
		if k, ok := p.intVal(v, "notifier retries"); ok {
			if k < 0 || k > 20 {
				p.errf(v.Line, "notifier retries must be between 0 and 20, not %d", k)
			}
			nt.Retries = k
		}
	}
	if v := f["backoff"]; v != nil {
		nt.Backoff = p.duration(v, "notifier backoff")
		if nt.Backoff > MaxBackoff {
			p.errf(v.Line, "notifier backoff must be at most %s, not %s", durText(MaxBackoff), durText(nt.Backoff))
		}
	}
	if v := f["smtp"]; v != nil {
		if s, ok := p.str(v, "notifier smtp"); ok {
			if _, _, err := net.SplitHostPort(s); err != nil {
				p.errf(v.Line, "notifier smtp %q is not host:port", s)
			}
			nt.SMTP = s
		}
	}
	if v := f["from"]; v != nil {
		if nt.From, _ = p.str(v, "notifier from"); nt.From != "" {
			if err := CheckEmail(nt.From); err != nil {
				p.errf(v.Line, "notifier from: %v", err)
			}
		}
	}
	if v := f["username"]; v != nil {
		nt.Username, _ = p.str(v, "notifier username")
	}
	if v := f["password_env"]; v != nil {
		nt.PasswordEnv, _ = p.str(v, "notifier password_env")
	}
	if v := f["starttls"]; v != nil {
		nt.StartTLS = p.boolVal(v, "notifier starttls")
	}
	return nt
}

// subject names what a plan problem is about, as the messages say it: "officer tgv-01",
// "shift tand-tinh/sang", "center hotline". Keys of the plan file read the same in every
// language; the words around them are said in the reader's.
type subject string

// Localize says the subject in the language.
func (s subject) Localize(lang string) string {
	if lang != "vi" {
		return string(s)
	}
	out := string(s)
	for _, r := range subjectVI {
		if strings.HasPrefix(out, r[0]) {
			out = r[1] + strings.TrimPrefix(out, r[0])
			break
		}
	}
	return strings.Replace(out, " unavailability", " (thời gian bận)", 1)
}

// subjectVI are the words that begin a subject, in Vietnamese.
var subjectVI = [][2]string{
	{"a shift of post ", "một ca của nơi trực "}, {"a holiday", "một ngày lễ"}, {"the plan", "kế hoạch"},
	{"officer ", "cán bộ "}, {"officer", "cán bộ"}, {"post ", "nơi trực "}, {"post", "nơi trực"},
	{"shift ", "ca "}, {"area ", "địa bàn "}, {"area", "địa bàn"}, {"a notifier", "một kênh thông báo"},
}
