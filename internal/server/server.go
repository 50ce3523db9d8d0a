// Package server is `dutyroster serve`: the duty desk page, the month page, an officer's own page,
// their JSON twins and calendar feeds, live from the published roster. Every page and feed sits
// behind a secret link (the database keeps only its hash); drafts are never served. The server
// reads the database read-only; the only thing it writes is how often each link was used.
package server

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"dutyroster/internal/app"
	"dutyroster/store"
)

// Options configure a server.
type Options struct {
	DB      string // the database file
	Listen  string // host:port
	BaseURL string // the public address, behind a proxy; default: the plan's daemon.base_url, else each request's
	TLSCert string // optional: serve HTTPS with this certificate and key
	TLSKey  string
	Log     *slog.Logger
	Now     func() time.Time
	// FlushEvery is how often the link use counts are written (default 30 s).
	FlushEvery time.Duration
}

// Server serves the pages and feeds.
type Server struct {
	opts    Options
	db      *store.DB
	watchMu sync.Mutex
	watch   *store.Watcher
	state   atomic.Pointer[state]
	usesMu  sync.Mutex
	uses    map[int64]store.LinkUse
	bad     *badLinks
	handler http.Handler
}

// state is what the server serves from, replaced whole when the database changes.
type state struct {
	c       *app.Center
	version int64     // store.ContentVersion: changes with every audited write
	modTime time.Time // when that write was
	links   map[string]*store.Link
	cache   *cache
}

// New opens the database read-only and loads what the server serves.
func New(ctx context.Context, opts Options) (*Server, error) {
	if opts.Log == nil {
		opts.Log = slog.New(slog.DiscardHandler)
	}
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.FlushEvery <= 0 {
		opts.FlushEvery = 30 * time.Second
	}
	if opts.BaseURL != "" {
		if err := app.CheckBaseURL(opts.BaseURL); err != nil {
			return nil, err
		}
	}
	db, err := store.OpenReadOnly(ctx, opts.DB)
	if err != nil {
		return nil, err
	}
	s := &Server{opts: opts, db: db, uses: map[int64]store.LinkUse{}, bad: newBadLinks()}
	if s.watch, err = db.Watch(ctx); err != nil {
		db.Close()
		return nil, err
	}
	if err := s.reload(ctx); err != nil {
		s.watch.Close()
		db.Close()
		return nil, err
	}
	if s.opts.BaseURL == "" {
		if d := s.state.Load().c.Plan.Daemon; d != nil {
			s.opts.BaseURL = d.BaseURL
		}
	}
	s.handler = s.routes()
	return s, nil
}

// Close releases the database (after Run has returned).
func (s *Server) Close() error {
	s.watch.Close()
	return s.db.Close()
}

// Handler is the server's HTTP handler.
func (s *Server) Handler() http.Handler { return s.handler }

// reload reads the plan and the live links again.
func (s *Server) reload(ctx context.Context) error {
	version, mod, err := s.db.ContentVersion(ctx)
	if err != nil {
		return err
	}
	if cur := s.state.Load(); cur != nil && cur.version == version {
		return nil // only link use counts were written
	}
	c, err := app.Load(ctx, s.db)
	if err != nil {
		return err
	}
	links, err := s.db.Links(ctx)
	if err != nil {
		return err
	}
	live := map[string]*store.Link{}
	for i := range links {
		if links[i].RevokedAt.IsZero() {
			live[links[i].Hash] = &links[i]
		}
	}
	s.state.Store(&state{c: c, version: version, modTime: mod, links: live, cache: newCache()})
	return nil
}

// current returns the state, first reloading it if anyone wrote to the database: a revoked
// link stops at once, a new version shows at once.
func (s *Server) current(ctx context.Context) (*state, error) {
	s.watchMu.Lock()
	defer s.watchMu.Unlock()
	changed, err := s.watch.Changed(ctx)
	if err != nil {
		return nil, err
	}
	if changed {
		if err := s.reload(ctx); err != nil {
			return nil, err
		}
	}
	return s.state.Load(), nil
}

// Run serves until ctx ends, then shuts down gracefully (requests in flight get 10 seconds)
// and writes the last link use counts.
func (s *Server) Run(ctx context.Context) error {
	ln, err := net.Listen("tcp", s.opts.Listen)
	if err != nil {
		return fmt.Errorf("listen on %s: %w", s.opts.Listen, err)
	}
	return s.Serve(ctx, ln)
}

// Serve is Run on a listener of the caller's.
func (s *Server) Serve(ctx context.Context, ln net.Listener) error {
	srv := &http.Server{
		Handler:           s.handler,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       10 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    16 << 10,
		ErrorLog:          slog.NewLogLogger(s.opts.Log.Handler(), slog.LevelWarn),
		BaseContext:       func(net.Listener) context.Context { return ctx },
	}
	s.opts.Log.Info("serving", "address", ln.Addr().String(), "tls", s.opts.TLSCert != "")
	done := make(chan error, 1)
	go func() {
		if s.opts.TLSCert != "" {
			done <- srv.ServeTLS(ln, s.opts.TLSCert, s.opts.TLSKey)
		} else {
			done <- srv.Serve(ln)
		}
	}()
	tick := time.NewTicker(s.opts.FlushEvery)
	defer tick.Stop()
	for {
		select {
		case err := <-done:
			s.flush(context.WithoutCancel(ctx))
			if errors.Is(err, http.ErrServerClosed) {
				return nil
			}
			return err
		case <-tick.C:
			s.flush(ctx)
		case <-ctx.Done():
			shut, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
			err := srv.Shutdown(shut)
			cancel()
			<-done
			s.flush(context.WithoutCancel(ctx))
			s.opts.Log.Info("stopped")
			return err
		}
	}
}

// used counts one use of a link.
func (s *Server) used(id int64, at time.Time) {
	s.usesMu.Lock()
	u := s.uses[id]
	u.Uses++
	if at.After(u.Last) {
		u.Last = at
	}
	s.uses[id] = u
	s.usesMu.Unlock()
}

// flush writes the counted uses. The server's own handle is read-only, so this opens the
// database for writing for the moment it takes; when that fails (a read-only copy) the counts
// are dropped with a warning.
func (s *Server) flush(ctx context.Context) {
	s.usesMu.Lock()
	uses := s.uses
	s.uses = map[int64]store.LinkUse{}
	s.usesMu.Unlock()
	if len(uses) == 0 {
		return
	}
	db, err := store.Open(ctx, s.opts.DB)
	if err == nil {
		err = db.RecordLinkUse(ctx, uses)
		db.Close()
	}
	if err != nil {
		s.opts.Log.Warn("link use counts not written", "links", len(uses), "error", err.Error())
	}
}

// cache keeps rendered responses of one state, keyed by scope, page and what they depend on.
type cache struct {
	mu       sync.Mutex
	entries  map[string]*entry
	inflight map[string]chan struct{}
}

type entry struct {
	body  []byte
	etag  string
	ctype string
	mod   time.Time
}

// maxCached bounds the cache; past it, it starts again empty (memory stays flat).
const maxCached = 4096

func newCache() *cache {
	return &cache{entries: map[string]*entry{}, inflight: map[string]chan struct{}{}}
}

// get returns the entry of key, rendering it when missing. Many clients asking at once for an
// entry that is missing (the desk page at the turn of a minute, a feed after an amendment) wait
// for one rendering instead of each doing it.
func (c *cache) get(ctx context.Context, key string, render func() (*entry, error)) (*entry, error) {
	for {
		c.mu.Lock()
		if e := c.entries[key]; e != nil {
			c.mu.Unlock()
			return e, nil
		}
		wait, busy := c.inflight[key]
		if !busy {
			done := make(chan struct{})
			c.inflight[key] = done
			c.mu.Unlock()
			e, err := render()
			c.mu.Lock()
			delete(c.inflight, key)
			if err == nil {
				if len(c.entries) >= maxCached {
					c.entries = map[string]*entry{}
				}
				c.entries[key] = e
			}
			c.mu.Unlock()
			close(done)
			return e, err
		}
		c.mu.Unlock()
		select {
		case <-wait:
		case <-ctx.Done():
			return nil, ctx.Err()
		}
	}
}

func newEntry(body []byte, ctype string, mod time.Time) *entry {
	h := sha256.Sum256(body)
	return &entry{body: body, ctype: ctype, mod: mod.UTC().Truncate(time.Second), etag: `"` + hex.EncodeToString(h[:16]) + `"`}
}

// serve answers with a cached response, or 304 when the client has it.
func serve(w http.ResponseWriter, r *http.Request, e *entry) {
	h := w.Header()
	h.Set("ETag", e.etag)
	h.Set("Last-Modified", e.mod.Format(http.TimeFormat))
	h.Set("Cache-Control", "private, no-cache")
	if inm := r.Header.Get("If-None-Match"); inm != "" {
		for _, tag := range strings.Split(inm, ",") {
			if t := strings.TrimSpace(tag); t == e.etag || t == "W/"+e.etag || t == "*" {
				w.WriteHeader(http.StatusNotModified)
				return
			}
		}
	} else if ims, err := http.ParseTime(r.Header.Get("If-Modified-Since")); err == nil && !e.mod.After(ims) {
		w.WriteHeader(http.StatusNotModified)
		return
	}
	h.Set("Content-Type", e.ctype)
	http.ServeContent(w, r, "", time.Time{}, bytes.NewReader(e.body))
}

// badLinks slows down an address that keeps trying links that do not exist.
type badLinks struct {
	mu   sync.Mutex
	seen map[string]*badCount
}

type badCount struct {
	n     int
	since time.Time
}

// Wrong links an address may try in a minute before each further one is slowed.
const (
	freeBadLinks = 5
	maxBadDelay  = 5 * time.Second
)

func newBadLinks() *badLinks { return &badLinks{seen: map[string]*badCount{}} }

// delay records a wrong link from addr and says how long to hold the answer.
func (b *badLinks) delay(addr string, now time.Time) time.Duration {
	b.mu.Lock()
	defer b.mu.Unlock()
	if len(b.seen) > 100000 {
		b.seen = map[string]*badCount{}
	}
	c := b.seen[addr]
	if c == nil || now.Sub(c.since) > time.Minute {
		c = &badCount{since: now}
		b.seen[addr] = c
	}
	c.n++
	if c.n <= freeBadLinks {
		return 0
	}
	d := 100 * time.Millisecond << min(c.n-freeBadLinks, 10)
	return min(d, maxBadDelay)
}
