package server

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	ics "github.com/arran4/golang-ical"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/store"
)

// fixture is a database holding the Đồng Tháp sample with November 2026 published and December
// a draft, three links, and a server on it.
type fixture struct {
	t         *testing.T
	path      string
	now       time.Time
	mu        sync.Mutex
	log       bytes.Buffer
	srv       *Server
	http      *httptest.Server
	post      string // secret of a link to csdt-tinh
	officer   string // secret of a link to officerID
	center    string
	officerID string
}

var actor = store.Actor{User: "test", Command: "test"}

func newFixture(t *testing.T) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{t: t, path: filepath.Join(t.TempDir(), "d.db"), now: time.Date(2026, 11, 10, 3, 0, 0, 0, time.UTC)} // 10:00 in Đồng Tháp
	plan, err := roster.ParsePlan("dong-thap.yaml", sample.DongThap)
	if err != nil {
		t.Fatal(err)
	}
	db, _, err := store.Create(ctx, f.path)
	if err != nil {
		t.Fatal(err)
	}
	db.Now = func() time.Time { return time.Date(2026, 10, 20, 2, 0, 0, 0, time.UTC) }
	if _, err := db.ImportPlan(ctx, plan, false, actor); err != nil {
		t.Fatal(err)
	}
	c, err := app.Load(ctx, db)
	if err != nil {
		t.Fatal(err)
	}
	for _, m := range []roster.Month{{Year: 2026, Month: 11}, {Year: 2026, Month: 12}} {
		if _, err := app.Generate(ctx, c, app.GenerateRequest{Month: m, Seed: 1, Actor: actor}); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := app.Publish(ctx, c, db.Now(), app.PublishRequest{Month: roster.Month{Year: 2026, Month: 11}, AllowUnfilled: true, Actor: actor}); err != nil {
		t.Fatal(err)
	}
	// The officer on duty at csdt-tinh now, whose link we make.
	r, err := db.Roster(ctx, roster.Month{Year: 2026, Month: 11}, 0)
	if err != nil {
		t.Fatal(err)
	}
	for _, a := range r.Assignments {
		if a.PostID == "csdt-tinh" && a.Role == roster.Duty && !a.Start.After(f.now) && a.End.After(f.now) {
			f.officerID = a.OfficerID
		}
	}
	if f.officerID == "" {
		t.Fatal("nobody on duty at csdt-tinh on 10/11 10:00")
	}
	for _, l := range []struct {
		dst           *string
		scope, target string
	}{{&f.post, store.ScopePost, "csdt-tinh"}, {&f.officer, store.ScopeOfficer, f.officerID}, {&f.center, store.ScopeCenter, ""}} {
		nl, err := app.AddLink(ctx, c, l.scope, l.target, "", "https://lich.example.vn", actor)
		if err != nil {
			t.Fatal(err)
		}
		*l.dst = nl.Secret
	}
	db.Close()
	f.srv, err = New(ctx, Options{DB: f.path, Log: slog.New(slog.NewJSONHandler(lockedWriter{f}, nil)), Now: f.clock})
	if err != nil {
		t.Fatal(err)
	}
	f.http = httptest.NewServer(f.srv.Handler())
	t.Cleanup(func() {
		f.http.Close()
		f.srv.Close()
	})
	return f
}

type lockedWriter struct{ f *fixture }

func (w lockedWriter) Write(p []byte) (int, error) {
	w.f.mu.Lock()
	defer w.f.mu.Unlock()
	return w.f.log.Write(p)
}

func (f *fixture) clock() time.Time {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.now
}

func (f *fixture) logText() string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.log.String()
}

// get fetches a path and returns the status, headers and body.
func (f *fixture) get(path string, header ...string) (int, http.Header, string) {
	f.t.Helper()
	req, err := http.NewRequest(http.MethodGet, f.http.URL+path, nil)
	if err != nil {
		f.t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		req.Header.Set(header[i], header[i+1])
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp.StatusCode, resp.Header, string(body)
}

// writable opens the database as a command would, to change it under the running server.
func (f *fixture) writable() (*store.DB, *app.Center) {
	f.t.Helper()
	db, err := store.Open(context.Background(), f.path)
	if err != nil {
		f.t.Fatal(err)
	}
	f.t.Cleanup(func() { db.Close() })
	c, err := app.Load(context.Background(), db)
	if err != nil {
		f.t.Fatal(err)
	}
	return db, c
}

func TestNothingWithoutALink(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/", "/l/", "/l/x/", "/l/" + f.post[:20] + "/", "/api/x/now", "/api/" + f.post + "x/now", "/ical/x.ics",
		"/ical/" + f.post, "/l/" + f.post + "/../../etc/passwd", "/static/", "/index.html"} {
		if code, _, body := f.get(p); code != http.StatusNotFound || strings.Contains(body, "Đồng Tháp") {
			t.Errorf("%s: %d %q", p, code, body)
		}
	}
	if code, _, body := f.get("/healthz"); code != 200 || body != "ok\n" {
		t.Errorf("healthz: %d %q", code, body)
	}
	resp, err := http.Post(f.http.URL+"/l/"+f.post+"/", "text/plain", strings.NewReader("x"))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusMethodNotAllowed {
		t.Errorf("POST: %d", resp.StatusCode)
	}
	// Security headers on every answer, found or not.
	for _, p := range []string{"/l/" + f.post + "/", "/nope", "/healthz", "/ical/" + f.post + ".ics"} {
		_, h, _ := f.get(p)
		if h.Get("Referrer-Policy") != "no-referrer" || !strings.Contains(h.Get("Content-Security-Policy"), "default-src 'none'") ||
			h.Get("X-Content-Type-Options") != "nosniff" || h.Get("X-Frame-Options") != "DENY" {
			t.Errorf("%s: headers %v", p, h)
		}
	}
}

func TestDeskPageOfAPost(t *testing.T) {
	f := newFixture(t)
	code, h, body := f.get("/l/" + f.post + "/")
	if code != 200 || !strings.HasPrefix(h.Get("Content-Type"), "text/html") {
		t.Fatalf("%d %v", code, h)
	}
	o := f.srv.state.Load().c.Officer(f.officerID)
	for _, want := range []string{"Cơ quan Cảnh sát điều tra Công an tỉnh Đồng Tháp", o.Name, o.Phone, `href="tel:` + strings.ReplaceAll(o.Phone, " ", "") + `"`,
		"Đường dây nóng", "0277 3851 551", "Tiếp theo", "bản số 1", `http-equiv="refresh" content="60"`} {
		if !strings.Contains(body, want) {
			t.Errorf("desk page lacks %q", want)
		}
	}
	// A post link shows that post only.
	for _, p := range f.srv.state.Load().c.Plan.Posts {
		if p.ID != "csdt-tinh" && strings.Contains(body, p.Name+"<") {
			t.Errorf("the post's page shows %s", p.Name)
		}
	}
	_, _, en := f.get("/l/" + f.post + "/?lang=en")
	if !strings.Contains(en, "Person on duty") || strings.Contains(en, "Người trực") {
		t.Error("?lang=en is not English")
	}
	// The JSON twin, cut to the post.
	_, _, js := f.get("/api/" + f.post + "/now")
	var now app.NowView
	if err := json.Unmarshal([]byte(js), &now); err != nil || len(now.Posts) != 1 || now.Posts[0].PostID != "csdt-tinh" {
		t.Errorf("api now: %v %s", err, js)
	}
	// The month page and its twin.
	code, _, month := f.get("/l/" + f.post + "/thang/2026-11")
	if code != 200 || !strings.Contains(month, o.Name) || !strings.Contains(month, "Lịch trực tháng 11/2026") {
		t.Errorf("month page %d", code)
	}
	_, _, mj := f.get("/api/" + f.post + "/month/2026-11")
	var rj struct {
		Status      string `json:"status"`
		Assignments []struct {
			PostID string `json:"post_id"`
		} `json:"assignments"`
	}
	if err := json.Unmarshal([]byte(mj), &rj); err != nil || rj.Status != "published" || len(rj.Assignments) == 0 {
		t.Fatalf("api month: %v %.200s", err, mj)
	}
	for _, a := range rj.Assignments {
		if a.PostID != "csdt-tinh" {
			t.Fatalf("a post's month holds %s", a.PostID)
		}
	}
}

func TestDraftsNeverServed(t *testing.T) {
	f := newFixture(t)
	// December is a draft: no page, twin or feed shows it.
	_, _, month := f.get("/l/" + f.center + "/thang/2026-12")
	if !strings.Contains(month, "chưa có lịch đã công bố") || strings.Contains(month, "<table") {
		t.Error("the month page shows December's draft")
	}
	_, _, mj := f.get("/api/" + f.center + "/month/2026-12")
	if !strings.Contains(mj, "no published roster") {
		t.Errorf("api month shows the draft: %.200s", mj)
	}
	_, _, feed := f.get("/ical/" + f.center + ".ics")
	cal, err := ics.ParseCalendar(strings.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	if len(cal.Events()) == 0 {
		t.Fatal("the feed is empty")
	}
	for _, ev := range cal.Events() {
		start, _ := ev.GetStartAt()
		if !start.Before(time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)) {
			t.Fatalf("the feed holds a December duty from the draft: %s", start)
		}
	}
	// At a December instant the desk names nobody from the draft.
	f.mu.Lock()
	f.now = time.Date(2026, 12, 10, 3, 0, 0, 0, time.UTC)
	f.mu.Unlock()
	_, _, desk := f.get("/l/" + f.post + "/")
	_, _, draftNow := f.get("/api/" + f.post + "/now")
	if strings.Contains(draftNow, `"officer_id"`) || !strings.Contains(desk, "Lịch tháng 12/2026 chưa có lịch đã công bố") && !strings.Contains(desk, "12/2026 chưa có lịch") {
		t.Errorf("the desk shows December's draft: %s", draftNow)
	}
}

func TestRevokedLinkStopsAtOnce(t *testing.T) {
	f := newFixture(t)
	if code, _, _ := f.get("/l/" + f.post + "/"); code != 200 {
		t.Fatal(code)
	}
	_, c := f.writable()
	if _, err := app.RevokeLink(context.Background(), c, "https://lich.example.vn/l/"+f.post+"/", actor); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"/l/" + f.post + "/", "/ical/" + f.post + ".ics", "/api/" + f.post + "/now"} {
		if code, _, _ := f.get(p); code != http.StatusNotFound {
			t.Errorf("%s after revoking: %d", p, code)
		}
	}
	// The other links still work.
	if code, _, _ := f.get("/l/" + f.center + "/"); code != 200 {
		t.Errorf("center link: %d", code)
	}
}

func TestOfficerPage(t *testing.T) {
	f := newFixture(t)
	code, _, body := f.get("/l/" + f.officer + "/")
	c := f.srv.state.Load().c
	o := c.Officer(f.officerID)
	if code != 200 || !strings.Contains(body, o.Name) || !strings.Contains(body, "Lịch trực của tôi") ||
		!strings.Contains(body, "webcal://") || !strings.Contains(body, "/ical/"+f.officer+".ics") {
		t.Fatalf("officer page %d", code)
	}
	// Phones: the duty partners' only.
	_, duties, err := app.MyDuties(context.Background(), c, f.officerID, f.now.Add(-48*time.Hour), time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC), false)
	if err != nil {
		t.Fatal(err)
	}
	partners := map[string]bool{f.officerID: true}
	for _, d := range duties {
		for _, p := range d.With {
			partners[p.OfficerID] = true
		}
	}
	for _, other := range c.Plan.Officers {
		if !partners[other.ID] && strings.Contains(body, other.Phone) {
			t.Errorf("the officer's page shows %s's phone, who is no duty partner", other.ID)
		}
	}
	// An officer link opens no desk, month or other scope.
	for _, p := range []string{"/l/" + f.officer + "/thang/2026-11", "/api/" + f.officer + "/now", "/api/" + f.officer + "/month/2026-11"} {
		if code, _, _ := f.get(p); code != http.StatusNotFound {
			t.Errorf("%s: %d", p, code)
		}
	}
	if code, _, js := f.get("/api/" + f.officer + "/me"); code != 200 || !strings.Contains(js, `"post_id"`) {
		t.Errorf("api me: %d %.100s", code, js)
	}
}

func TestLogsHoldNoSecretOrPhone(t *testing.T) {
	f := newFixture(t)
	for _, p := range []string{"/l/" + f.post + "/", "/l/" + f.officer + "/", "/ical/" + f.center + ".ics", "/api/" + f.post + "/now", "/l/wrong-secret/",
		"/l/" + f.post + "/thang/2026-11?lang=en"} {
		f.get(p)
	}
	log := f.logText()
	if !strings.Contains(log, `"path":"/l/{#1}/"`) || !strings.Contains(log, `{unknown}`) {
		t.Errorf("the access log does not name the links by number:\n%s", log)
	}
	for _, secret := range []string{f.post, f.officer, f.center, "wrong-secret"} {
		if strings.Contains(log, secret) {
			t.Errorf("the log holds a secret")
		}
	}
	phone := regexp.MustCompile(`(^|[^\d.])0\d{2,3}[ .]?\d{3}[ .]?\d{3}($|\D)`) // not the digits of a duration
	if m := phone.FindString(log); m != "" {
		t.Errorf("the log holds a phone number: %s", m)
	}
}

func TestFeedConditionalAndFields(t *testing.T) {
	f := newFixture(t)
	path := "/ical/" + f.officer + ".ics"
	code, h, body := f.get(path)
	if code != 200 || h.Get("Content-Type") != "text/calendar; charset=utf-8" || h.Get("ETag") == "" || h.Get("Last-Modified") == "" {
		t.Fatalf("%d %v", code, h)
	}
	for _, want := range []string{"\r\nTRANSP:TRANSPARENT\r\n", "\r\nBEGIN:VALARM\r\n", "\r\nTRIGGER:-PT18H\r\n", "\r\nREFRESH-INTERVAL;VALUE=DURATION:PT1H\r\n",
		"\r\nX-PUBLISHED-TTL:PT1H\r\n", "\r\nSEQUENCE:1\r\n"} {
		if !strings.Contains(body, want) {
			t.Errorf("the feed lacks %q", strings.TrimSpace(want))
		}
	}
	if c, _, b := f.get(path, "If-None-Match", h.Get("ETag")); c != http.StatusNotModified || b != "" {
		t.Errorf("If-None-Match: %d", c)
	}
	if c, _, _ := f.get(path, "If-Modified-Since", h.Get("Last-Modified")); c != http.StatusNotModified {
		t.Errorf("If-Modified-Since: %d", c)
	}
	if c, _, _ := f.get(path, "If-None-Match", `"other"`); c != 200 {
		t.Errorf("a stale ETag: %d", c)
	}
	// The desk page too.
	_, dh, _ := f.get("/l/" + f.post + "/")
	if c, _, _ := f.get("/l/"+f.post+"/", "If-None-Match", dh.Get("ETag")); c != http.StatusNotModified {
		t.Errorf("desk If-None-Match: %d", c)
	}
}

// TestFeedAcrossAnAmendment subscribes, amends the roster under the running server, and fetches
// again: the removed duty comes back cancelled under the same UID, with a higher SEQUENCE, and
// nothing is duplicated.
func TestFeedAcrossAnAmendment(t *testing.T) {
	f := newFixture(t)
	path := "/ical/" + f.officer + ".ics"
	_, h1, before := f.get(path)
	first := events(t, before)
	db, c := f.writable()
	_ = db
	day := roster.DateOf(f.now.In(c.Loc)).AddDays(3)
	var mine []string
	for uid, ev := range first {
		if ev.status == "CONFIRMED" && !ev.start.Before(day.In(c.Loc)) {
			mine = append(mine, uid)
		}
	}
	if len(mine) == 0 {
		t.Fatal("the officer has no duty to hand over after 13/11")
	}
	_, err := app.Amend(context.Background(), c, app.AmendRequest{Month: roster.Month{Year: 2026, Month: 11}, Reason: "Ốm", Actor: actor},
		app.Replace(app.ReplaceRequest{Officer: f.officerID, From: day, To: roster.Date{Year: 2026, Month: 11, Day: 30}, Apply: true}))
	if err != nil {
		t.Fatal(err)
	}
	code, h2, after := f.get(path, "If-None-Match", h1.Get("ETag"))
	if code != 200 || h2.Get("ETag") == h1.Get("ETag") {
		t.Fatalf("after the amendment: %d, ETag %s", code, h2.Get("ETag"))
	}
	second := events(t, after)
	if strings.Count(after, "BEGIN:VEVENT") != len(second) {
		t.Error("the feed holds one UID twice")
	}
	for _, uid := range mine {
		ev, ok := second[uid]
		if !ok || ev.status != "CANCELLED" || ev.sequence != "2" {
			t.Errorf("handed-over duty %s: %+v", uid, ev)
		}
	}
	for uid, ev := range first {
		if _, ok := second[uid]; !ok {
			t.Errorf("event %s (%s) vanished instead of being cancelled", uid, ev.start)
		}
	}
	checkWithPython(t, after)
}

type event struct {
	status, sequence string
	start            time.Time
}

func events(t *testing.T, feed string) map[string]event {
	t.Helper()
	cal, err := ics.ParseCalendar(strings.NewReader(feed))
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]event{}
	for _, ev := range cal.Events() {
		start, _ := ev.GetStartAt()
		out[ev.Id()] = event{status: ev.GetProperty(ics.ComponentPropertyStatus).Value,
			sequence: ev.GetProperty(ics.ComponentPropertySequence).Value, start: start}
	}
	return out
}

// checkWithPython has Debian's python3-icalendar read a feed.
func checkWithPython(t *testing.T, feed string) {
	t.Helper()
	python := "/usr/bin/python3"
	if exec.Command(python, "-c", "import icalendar").Run() != nil {
		if os.Getenv("DUTYROSTER_REQUIRE_TOOLS") != "" {
			t.Fatal("needs Debian's python3-icalendar")
		}
		t.Log("python3-icalendar not installed: the independent read is skipped")
		return
	}
	path := filepath.Join(t.TempDir(), "feed.ics")
	os.WriteFile(path, []byte(feed), 0o600)
	out, err := exec.Command(python, "-c", `
import sys, icalendar
cal = icalendar.Calendar.from_ical(open(sys.argv[1], 'rb').read())
evs = list(cal.walk('VEVENT'))
assert all(str(e['TRANSP']) == 'TRANSPARENT' for e in evs)
print(len(evs), sum(1 for e in evs if str(e['STATUS']) == 'CANCELLED'), len(list(cal.walk('VALARM'))))
`, path).CombinedOutput()
	if err != nil {
		t.Fatalf("python3-icalendar: %v\n%s", err, out)
	}
	t.Logf("python3-icalendar read: %s", strings.TrimSpace(string(out)))
}

func TestWrongLinksSlowedDown(t *testing.T) {
	b := newBadLinks()
	now := time.Now()
	for i := 0; i < freeBadLinks; i++ {
		if d := b.delay("203.0.113.9", now); d != 0 {
			t.Fatalf("attempt %d delayed %s", i+1, d)
		}
	}
	d1, d2 := b.delay("203.0.113.9", now), b.delay("203.0.113.9", now)
	if d1 <= 0 || d2 <= d1 {
		t.Errorf("delays %s then %s", d1, d2)
	}
	if d := b.delay("198.51.100.1", now); d != 0 {
		t.Error("another address is slowed")
	}
	if d := b.delay("203.0.113.9", now.Add(2*time.Minute)); d != 0 {
		t.Error("still slowed a minute later")
	}
	// Over HTTP: the sixth wrong link in a row is answered late.
	f := newFixture(t)
	for i := 0; i < freeBadLinks; i++ {
		f.get("/l/wrong/")
	}
	start := time.Now()
	if code, _, _ := f.get("/l/wrong/"); code != http.StatusNotFound || time.Since(start) < 150*time.Millisecond {
		t.Errorf("sixth wrong link: %d after %s", code, time.Since(start))
	}
}

// TestRunCountsUsesAndStops serves on a port, stops on cancel and writes the use counts.
func TestRunCountsUsesAndStops(t *testing.T) {
	f := newFixture(t)
	addr, stop := f.serve(t)
	for i := 0; i < 3; i++ {
		resp, err := http.Get("http://" + addr + "/l/" + f.post + "/")
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
	}
	if err := stop(); err != nil {
		t.Fatal(err)
	}
	db, _ := f.writable()
	links, err := db.Links(context.Background())
	if err != nil {
		t.Fatal(err)
	}
	if links[0].Uses != 3 || links[0].LastUsedAt.IsZero() || links[1].Uses != 0 {
		t.Errorf("uses %d (last %s), %d", links[0].Uses, links[0].LastUsedAt, links[1].Uses)
	}
}

// serve runs the fixture's server on a free local port; stop cancels it and waits for Serve to
// return (its error, or one saying it did not stop within 15 s).
func (f *fixture) serve(t *testing.T) (addr string, stop func() error) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- f.srv.Serve(ctx, ln) }()
	return ln.Addr().String(), func() error {
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(15 * time.Second):
			return errors.New("the server did not stop")
		}
	}
}
