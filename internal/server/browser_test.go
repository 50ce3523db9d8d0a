package server

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestPagesInABrowser loads the desk, month and officer pages in headless Chromium at a phone's
// width (360 px) and a desk monitor's (1280 px): the names, phones and Vietnamese text are there,
// nothing overflows sideways, and a screenshot of each is saved in the test's folder (kept with
// DUTYROSTER_SCREENSHOTS=DIR) for a person to look at.
func TestPagesInABrowser(t *testing.T) {
	chromium := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			chromium = p
			break
		}
	}
	if chromium == "" {
		msg := "needs Debian's chromium (apt-get install chromium)"
		if os.Getenv("DUTYROSTER_REQUIRE_TOOLS") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	f := newFixture(t)
	dir := os.Getenv("DUTYROSTER_SCREENSHOTS")
	if dir == "" {
		dir = t.TempDir()
	}
	o := f.srv.state.Load().c.Officer(f.officerID)
	pages := []struct {
		name, path string
		want       []string
	}{
		{"desk-post", "/l/" + f.post + "/", []string{"Trực ban trợ giúp pháp lý", "Cơ quan Cảnh sát điều tra Công an tỉnh Đồng Tháp", o.Name, o.Phone, "Tiếp theo"}},
		{"desk-center", "/l/" + f.center + "/", []string{"Tòa án nhân dân tỉnh Đồng Tháp", o.Name, "Đường dây nóng"}},
		{"month", "/l/" + f.center + "/thang/2026-11", []string{"Lịch trực tháng 11/2026", "Thứ Hai 02/11", o.Name}},
		{"officer", "/l/" + f.officer + "/", []string{"Lịch trực của tôi", o.Name, "Thêm vào lịch trên điện thoại"}},
	}
	opts := append(chromedp.DefaultExecAllocatorOptions[:], chromedp.ExecPath(chromium), chromedp.NoSandbox, chromedp.DisableGPU)
	actx, cancel := chromedp.NewExecAllocator(context.Background(), opts...)
	defer cancel()
	bctx, cancel := chromedp.NewContext(actx)
	defer cancel()
	// The first run starts the browser, on a context without a deadline (it lives as long).
	if err := chromedp.Do(bctx, chromedp.Navigate("about:blank")); err != nil {
		t.Fatal(err)
	}
	for _, width := range []int64{360, 1280} {
		for _, p := range pages {
			ctx, cancel := context.WithTimeout(bctx, 60*time.Second)
			err := chromedp.Do(ctx, chromedp.EmulateViewport(width, 900), chromedp.Navigate(f.http.URL+p.path),
				chromedp.WaitVisible(chromedp.CSS("main")))
			var text string
			var overflow bool
			var shot []byte
			if err == nil {
				text, err = chromedp.Run(ctx, chromedp.Text(chromedp.CSS("body")))
			}
			if err == nil {
				overflow, err = chromedp.Run(ctx, chromedp.Evaluate[bool](`document.documentElement.scrollWidth > window.innerWidth + 1`))
			}
			if err == nil {
				shot, err = chromedp.Run(ctx, chromedp.FullScreenshot(90))
			}
			cancel()
			if err != nil {
				t.Fatalf("%s at %d px: %v", p.name, width, err)
			}
			for _, w := range p.want {
				if !strings.Contains(text, w) {
					t.Errorf("%s at %d px lacks %q", p.name, width, w)
				}
			}
			if overflow {
				t.Errorf("%s at %d px is wider than the screen", p.name, width)
			}
			file := filepath.Join(dir, p.name+"-"+strconv.FormatInt(width, 10)+".jpg")
			if err := os.WriteFile(file, shot, 0o644); err != nil {
				t.Fatal(err)
			}
			t.Logf("screenshot %s", file)
		}
	}
}
