package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"runtime"
	"slices"
	"sync"
	"testing"
	"time"

	"dutyroster/internal/app"
	"dutyroster/roster"
	"dutyroster/roster/sample"
	"dutyroster/store"
)

// nationalYear is a database of `sample --preset national` (1496 officers, 340 posts) with the
// twelve months of 2027 published, and links to a post, an officer and the whole Center. It is
// built once per benchmark run (about half a minute on 2 cores).
var nationalYear = sync.OnceValues(func() (*benchData, error) {
	ctx := context.Background()
	dir, err := os.MkdirTemp("", "dutyroster-serve-bench-")
	if err != nil {
		return nil, err
	}
	d := &benchData{path: filepath.Join(dir, "national.db"), now: time.Date(2027, 3, 10, 3, 0, 0, 0, time.UTC)}
	db, _, err := store.Create(ctx, d.path)
	if err != nil {
		return nil, err
	}
	defer db.Close()
	plan := sample.Plan(sample.Presets["national"])
	if _, err := db.ImportPlan(ctx, plan, false, actor); err != nil {
		return nil, err
	}
	c, err := app.Load(ctx, db)
	if err != nil {
		return nil, err
	}
	for m := (roster.Month{Year: 2027, Month: 1}); m.Year == 2027; m = m.Next() {
		if _, err := app.Generate(ctx, c, app.GenerateRequest{Month: m, Seed: 1, Actor: actor}); err != nil {
			return nil, err
		}
		if _, err := app.Publish(ctx, c, d.now, app.PublishRequest{Month: m, AllowUnfilled: true, Actor: actor}); err != nil {
			return nil, err
		}
	}
	for _, l := range []struct {
		dst           *string
		scope, target string
	}{{&d.post, store.ScopePost, plan.Posts[7].ID}, {&d.officer, store.ScopeOfficer, plan.Officers[11].ID}, {&d.center, store.ScopeCenter, ""}} {
		nl, err := app.AddLink(ctx, c, l.scope, l.target, "", "https://lich.example.vn", actor)
		if err != nil {
			return nil, err
		}
		*l.dst = nl.Secret
	}
	return d, nil
})

type benchData struct {
	path                  string
	now                   time.Time
	post, officer, center string
}

// benchServe drives one path of the server over loopback with concurrent clients and reports
// requests per second, the 99th percentile latency and how much the heap grew.
func benchServe(b *testing.B, path func(*benchData) string, header ...string) {
	d, err := nationalYear()
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(context.Background(), Options{DB: d.path, Log: slog.New(slog.DiscardHandler), Now: func() time.Time { return d.now }})
	if err != nil {
		b.Fatal(err)
	}
	defer s.Close()
	ts := httptest.NewServer(s.Handler())
	defer ts.Close()
	url := ts.URL + path(d)
	client := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: 256}}
	get := func() (int, error) {
		req, _ := http.NewRequest(http.MethodGet, url, nil)
		for i := 0; i+1 < len(header); i += 2 {
			req.Header.Set(header[i], header[i+1])
		}
		resp, err := client.Do(req)
		if err != nil {
			return 0, err
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, nil
	}
	if code, err := get(); err != nil || (code != 200 && code != 304) {
		b.Fatalf("%s: %d %v", path(d), code, err)
	}
	runtime.GC()
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	var mu sync.Mutex
	var lat []time.Duration
	b.SetParallelism(16) // 16 clients per core
	b.ResetTimer()
	start := time.Now()
	b.RunParallel(func(pb *testing.PB) {
		var mine []time.Duration
		for pb.Next() {
			t0 := time.Now()
			if code, err := get(); err != nil || (code != 200 && code != 304) {
				b.Errorf("%d %v", code, err)
				return
			}
			mine = append(mine, time.Since(t0))
		}
		mu.Lock()
		lat = append(lat, mine...)
		mu.Unlock()
	})
	elapsed := time.Since(start)
	b.StopTimer()
	runtime.GC()
	runtime.ReadMemStats(&after)
	slices.Sort(lat)
	if len(lat) > 0 {
		b.ReportMetric(float64(len(lat))/elapsed.Seconds(), "req/s")
		b.ReportMetric(float64(lat[len(lat)*99/100].Microseconds())/1000, "p99-ms")
	}
	b.ReportMetric(float64(int64(after.HeapInuse)-int64(before.HeapInuse))/(1<<20), "heap-growth-MB")
}

// BenchmarkServeDeskPost is a police desk's page of one post, refreshed by many desks at once.
func BenchmarkServeDeskPost(b *testing.B) {
	benchServe(b, func(d *benchData) string { return "/l/" + d.post + "/" })
}

// BenchmarkServeDeskCenter is the whole Center's desk page (340 posts).
func BenchmarkServeDeskCenter(b *testing.B) {
	benchServe(b, func(d *benchData) string { return "/l/" + d.center + "/" })
}

// BenchmarkServeFeedOfficer is an officer's calendar feed fetched in full.
func BenchmarkServeFeedOfficer(b *testing.B) {
	benchServe(b, func(d *benchData) string { return "/ical/" + d.officer + ".ics" })
}

// BenchmarkServeFeedUnchanged is the same feed fetched by calendars that have it: 304s.
func BenchmarkServeFeedUnchanged(b *testing.B) {
	d, err := nationalYear()
	if err != nil {
		b.Fatal(err)
	}
	s, err := New(context.Background(), Options{DB: d.path, Now: func() time.Time { return d.now }})
	if err != nil {
		b.Fatal(err)
	}
	rec := httptest.NewRecorder()
	s.Handler().ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/ical/"+d.officer+".ics", nil))
	etag := rec.Header().Get("ETag")
	s.Close()
	if etag == "" {
		b.Fatalf("no ETag: %d", rec.Code)
	}
	benchServe(b, func(d *benchData) string { return "/ical/" + d.officer + ".ics" }, "If-None-Match", etag)
}
