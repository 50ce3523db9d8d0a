package server

import (
	"context"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"runtime/debug"
	"strings"
	"time"

	"dutyroster/internal/app"
	"dutyroster/store"
)

// The security headers of every answer: the link in the address must not leak to other sites
// (no-referrer), nothing runs but the page's own stylesheet, no site may frame the page.
var securityHeaders = map[string]string{
	"Referrer-Policy":              "no-referrer",
	"Content-Security-Policy":      "default-src 'none'; style-src 'self'; img-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
	"X-Content-Type-Options":       "nosniff",
	"X-Frame-Options":              "DENY",
	"Cross-Origin-Resource-Policy": "same-origin",
}

func (s *Server) routes() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		fmt.Fprintln(w, "ok")
	})
	mux.HandleFunc("GET /static/style.css", s.style)
	mux.Handle("GET /l/{secret}/{$}", s.linked(s.home))
	mux.Handle("GET /l/{secret}/thang/{month}", s.linked(s.monthPage))
	mux.Handle("GET /api/{secret}/now", s.linked(s.apiNow))
	mux.Handle("GET /api/{secret}/month/{month}", s.linked(s.apiMonth))
	mux.Handle("GET /api/{secret}/me", s.linked(s.apiMe))
	mux.Handle("GET /ical/{file}", s.linked(s.feed))
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodGet && r.Method != http.MethodHead {
			w.Header().Set("Allow", "GET, HEAD")
			http.Error(w, "405 method not allowed", http.StatusMethodNotAllowed)
			return
		}
		http.NotFound(w, r)
	})
	return s.logged(mux)
}

// request is what a handler gets for a valid link.
type request struct {
	st   *state
	link *store.Link
	lang string
	now  time.Time
}

// linked resolves the secret in the path to a live link, or answers a plain 404 (slowed down
// for an address that keeps guessing).
func (s *Server) linked(h func(http.ResponseWriter, *http.Request, *request)) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		secret := r.PathValue("secret")
		if f := r.PathValue("file"); f != "" {
			secret = strings.TrimSuffix(f, ".ics")
			if secret == f {
				secret = ""
			}
		}
		st, err := s.current(r.Context())
		if err != nil {
			s.fail(w, r, err)
			return
		}
		var link *store.Link
		if secret != "" {
			link = st.links[app.HashSecret(secret)]
		}
		now := s.opts.Now()
		if link == nil {
			if d := s.bad.delay(clientAddr(r), now); d > 0 {
				select {
				case <-time.After(d):
				case <-r.Context().Done():
				}
			}
			setLogLink(r, "unknown")
			http.NotFound(w, r)
			return
		}
		setLogLink(r, fmt.Sprintf("#%d", link.ID))
		s.used(link.ID, now)
		lang := "vi"
		if r.URL.Query().Get("lang") == "en" {
			lang = "en"
		}
		h(w, r, &request{st: st, link: link, lang: lang, now: now})
	})
}

func clientAddr(r *http.Request) string {
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// fail answers 500 and logs the error (which never holds a secret: handlers see ids only).
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	s.opts.Log.Error("request failed", "error", err.Error())
	http.Error(w, "500 internal server error", http.StatusInternalServerError)
}

// logInfo carries what the access log may say about a request's link.
type logInfo struct{ link string }

type logKey struct{}

func setLogLink(r *http.Request, link string) {
	if li, ok := r.Context().Value(logKey{}).(*logInfo); ok {
		li.link = link
	}
}

// statusWriter remembers the status and size of an answer.
type statusWriter struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (w *statusWriter) WriteHeader(code int) {
	if w.status == 0 {
		w.status = code
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.status == 0 {
		w.status = http.StatusOK
	}
	n, err := w.ResponseWriter.Write(b)
	w.bytes += n
	return n, err
}

// logged sets the security headers, recovers from panics and writes the access log: the path
// with any secret replaced by the link's number, never a secret or a phone number.
func (s *Server) logged(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		for k, v := range securityHeaders {
			w.Header().Set(k, v)
		}
		li := &logInfo{}
		r = r.WithContext(context.WithValue(r.Context(), logKey{}, li))
		sw := &statusWriter{ResponseWriter: w}
		defer func() {
			if p := recover(); p != nil {
				s.opts.Log.Error("panic", "panic", fmt.Sprint(p), "stack", string(debug.Stack()))
				if sw.status == 0 {
					http.Error(sw, "500 internal server error", http.StatusInternalServerError)
				}
			}
			s.opts.Log.LogAttrs(r.Context(), slog.LevelInfo, "request", slog.String("method", r.Method),
				slog.String("path", redactPath(r.URL.Path, li.link)), slog.Int("status", sw.status), slog.Int("bytes", sw.bytes),
				slog.Duration("duration", time.Since(start)), slog.String("client", clientAddr(r)))
		}()
		next.ServeHTTP(sw, r)
	})
}

// redactPath replaces the secret segment of a path with the link's number (or "unknown").
func redactPath(path, link string) string {
	parts := strings.Split(path, "/")
	if len(parts) > 2 {
		switch parts[1] {
		case "l", "api":
			parts[2] = "{" + orUnknown(link) + "}"
		case "ical":
			parts[2] = "{" + orUnknown(link) + "}.ics"
		}
	}
	return strings.Join(parts, "/")
}

func orUnknown(s string) string {
	if s == "" {
		return "unknown"
	}
	return s
}
