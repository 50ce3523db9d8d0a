package app

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"dutyroster/roster"
)

// pdfTimeout bounds one LibreOffice run: a hung converter must not hang the export.
const pdfTimeout = 3 * time.Minute

// FindSoffice finds LibreOffice's soffice: on PATH, else in the folder its installer uses on
// Windows and macOS. getenv may name it outright with DUTYROSTER_SOFFICE.
func FindSoffice(getenv func(string) string) (string, error) {
	if p := getenv("DUTYROSTER_SOFFICE"); p != "" {
		if _, err := os.Stat(p); err != nil {
			return "", roster.Errorf(roster.EINVALID, "DUTYROSTER_SOFFICE names %s, which does not exist", p)
		}
		return p, nil
	}
	for _, name := range []string{"soffice", "libreoffice"} {
		if p, err := exec.LookPath(name); err == nil {
			return p, nil
		}
	}
	var usual []string
	switch runtime.GOOS {
	case "windows":
		for _, env := range []string{"ProgramFiles", "ProgramFiles(x86)"} {
			if dir := getenv(env); dir != "" {
				usual = append(usual, filepath.Join(dir, "LibreOffice", "program", "soffice.exe"))
			}
		}
		usual = append(usual, `C:\Program Files\LibreOffice\program\soffice.exe`)
	case "darwin":
		usual = append(usual, "/Applications/LibreOffice.app/Contents/MacOS/soffice")
	}
	for _, p := range usual {
		if _, err := os.Stat(p); err == nil {
			return p, nil
		}
	}
	return "", roster.Errorf(roster.EINVALID, "--format pdf needs LibreOffice, which is not installed here: on Debian or Ubuntu "+
		"`apt-get install libreoffice-calc-nogui`; on Windows or macOS install LibreOffice from libreoffice.org "+
		"(or set DUTYROSTER_SOFFICE to its soffice program); --format xlsx needs nothing")
}

// convertToPDF turns the Excel files into PDF with LibreOffice, all in one run, in a folder of
// its own with a LibreOffice profile of its own (two exports at once must not share one).
func convertToPDF(ctx context.Context, soffice string, files []OutputFile) ([]OutputFile, error) {
	dir, err := os.MkdirTemp("", "dutyroster-pdf-")
	if err != nil {
		return nil, err
	}
	defer os.RemoveAll(dir)
	in := filepath.Join(dir, "in")
	out := filepath.Join(dir, "out")
	if err := os.Mkdir(in, 0o700); err != nil {
		return nil, err
	}
	args := []string{"-env:UserInstallation=" + fileURL(filepath.Join(dir, "profile")), "--headless", "--norestore",
		"--convert-to", "pdf", "--outdir", out}
	for i, f := range files {
		// Numbered names: the converter sees plain ASCII whatever the output is called.
		p := filepath.Join(in, fmt.Sprintf("%03d.xlsx", i))
		if err := os.WriteFile(p, f.Data, 0o600); err != nil {
			return nil, err
		}
		args = append(args, p)
	}
	ctx, cancel := context.WithTimeout(ctx, pdfTimeout)
	defer cancel()
	cmd := exec.CommandContext(ctx, soffice, args...)
	cmd.Dir = dir
	cmd.WaitDelay = 5 * time.Second
	msg, err := cmd.CombinedOutput()
	if ctx.Err() != nil {
		return nil, fmt.Errorf("LibreOffice did not finish converting to PDF within %s", pdfTimeout)
	}
	if err != nil {
		return nil, fmt.Errorf("LibreOffice could not convert to PDF: %v: %s", err, strings.TrimSpace(string(msg)))
	}
	pdfs := make([]OutputFile, len(files))
	for i, f := range files {
		data, err := os.ReadFile(filepath.Join(out, fmt.Sprintf("%03d.pdf", i)))
		if errors.Is(err, os.ErrNotExist) {
			return nil, fmt.Errorf("LibreOffice wrote no PDF for %s: %s", f.Path, strings.TrimSpace(string(msg)))
		}
		if err != nil {
			return nil, err
		}
		f.Data = data
		if f.Path != "-" {
			f.Path = strings.TrimSuffix(f.Path, filepath.Ext(f.Path)) + ".pdf"
		}
		pdfs[i] = f
	}
	return pdfs, nil
}

// fileURL is a folder as a file: URL, as LibreOffice takes its profile location.
func fileURL(path string) string {
	p := filepath.ToSlash(path)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p // C:/Users/... -> /C:/Users/...
	}
	return "file://" + p
}
