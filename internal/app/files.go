package app

import (
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"dutyroster/roster"
)

// The files dutyroster writes are written whole or not at all: into a temporary file (or, for a
// set such as a split export, a temporary folder) beside the target, then renamed into place.
// Only regular files and new paths are written: a device, a FIFO or a folder named as a file is
// refused, never replaced. A temporary left by a killed process is removed by the next write.

// tmpMarker separates a temporary's target name from its owner's pid: ".NAME.tmp-PID-RANDOM".
const tmpMarker = ".tmp-"

// checkTarget refuses to replace anything but a regular file. Symbolic links are followed: the
// file they name is the one written. It returns the path to write.
func checkTarget(path string) (string, error) {
	fi, err := os.Lstat(path)
	if errors.Is(err, fs.ErrNotExist) {
		return path, nil
	}
	if err != nil {
		return "", roster.Errorf(roster.EINVALID, "cannot write %s: %v", path, err)
	}
	if fi.Mode()&fs.ModeSymlink != 0 {
		real, err := filepath.EvalSymlinks(path)
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				return "", roster.Errorf(roster.EINVALID, "cannot write %s: it is a link to nothing", path)
			}
			return "", roster.Errorf(roster.EINVALID, "cannot write %s: %v", path, err)
		}
		return checkTarget(real)
	}
	if !fi.Mode().IsRegular() {
		what := "not a regular file"
		switch {
		case fi.IsDir():
			what = "a folder"
		case fi.Mode()&fs.ModeNamedPipe != 0:
			what = "a named pipe"
		case fi.Mode()&fs.ModeDevice != 0 || fi.Mode()&fs.ModeCharDevice != 0:
			what = "a device"
		}
		return "", roster.Errorf(roster.EINVALID, "cannot write %s: it is %s; name a regular file or a new path (--out - writes to standard output)", path, what)
	}
	return path, nil
}

// removeStaleTemps removes the temporaries of name in dir whose process is gone.
func removeStaleTemps(dir, name string) {
	matches, _ := filepath.Glob(filepath.Join(dir, "."+name+tmpMarker+"*"))
	for _, m := range matches {
		rest := strings.TrimPrefix(filepath.Base(m), "."+name+tmpMarker)
		pid, err := strconv.Atoi(strings.SplitN(rest, "-", 2)[0])
		if err != nil || pid == os.Getpid() || processAlive(pid) {
			continue
		}
		os.RemoveAll(m)
	}
}

// tempName is the pattern of a temporary for name made by this process.
func tempName(name string) string {
	return "." + name + tmpMarker + strconv.Itoa(os.Getpid()) + "-*"
}

// WriteFileAtomic writes data to a temporary file in the same folder and renames it over path,
// so that a reader never sees half a file and a failure leaves the old file as it was.
func WriteFileAtomic(path string, data []byte, mode os.FileMode) error {
	path, err := checkTarget(path)
	if err != nil {
		return err
	}
	dir := filepath.Dir(path)
	removeStaleTemps(dir, filepath.Base(path))
	tmp, err := os.CreateTemp(dir, tempName(filepath.Base(path)))
	if err != nil {
		return roster.Errorf(roster.EINVALID, "cannot write %s: %v", path, err)
	}
	name := tmp.Name()
	_, err = bytes.NewReader(data).WriteTo(tmp)
	if err == nil {
		err = tmp.Sync()
	}
	if cerr := tmp.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Chmod(name, mode)
	}
	if err == nil {
		err = os.Rename(name, path)
	}
	if err != nil {
		os.Remove(name)
		return roster.Errorf(roster.EINVALID, "cannot write %s: %v", path, err)
	}
	return nil
}

// WriteFiles writes the files of an export. A single file is written atomically. A set (a
// split export, a delivery) is written into a temporary folder first: renamed into place as a
// whole when its folder is new, else its files are renamed into the existing folder one by one
// once all of them are written, so that a failure leaves nothing half-written.
func WriteFiles(files []OutputFile) error {
	if len(files) == 1 {
		return WriteFileAtomic(files[0].Path, files[0].Data, 0o644)
	}
	dir := ""
	for _, f := range files {
		d := filepath.Dir(f.Path)
		if dir != "" && d != dir {
			return fmt.Errorf("an export set spans two folders: %s and %s", dir, d)
		}
		dir = d
		if _, err := checkTarget(f.Path); err != nil {
			return err
		}
	}
	_, err := os.Stat(dir)
	fresh := errors.Is(err, fs.ErrNotExist)
	parent := dir
	if fresh {
		parent = filepath.Dir(dir)
		if err := os.MkdirAll(parent, 0o755); err != nil {
			return roster.Errorf(roster.EINVALID, "cannot make the folder %s: %v", parent, err)
		}
	}
	base := filepath.Base(dir)
	removeStaleTemps(parent, base)
	stage, err := os.MkdirTemp(parent, tempName(base))
	if err != nil {
		return roster.Errorf(roster.EINVALID, "cannot write into %s: %v", parent, err)
	}
	defer os.RemoveAll(stage)
	for _, f := range files {
		if err := writeNew(filepath.Join(stage, filepath.Base(f.Path)), f.Data); err != nil {
			return roster.Errorf(roster.EINVALID, "cannot write %s: %v", f.Path, err)
		}
	}
	if fresh {
		if err := os.Chmod(stage, 0o755); err != nil {
			return err
		}
		if err := os.Rename(stage, dir); err != nil {
			return roster.Errorf(roster.EINVALID, "cannot write %s: %v", dir, err)
		}
		return nil
	}
	for _, f := range files {
		if err := os.Rename(filepath.Join(stage, filepath.Base(f.Path)), f.Path); err != nil {
			return roster.Errorf(roster.EINVALID, "cannot write %s: %v", f.Path, err)
		}
	}
	return nil
}

// writeNew writes a new file and syncs it.
func writeNew(path string, data []byte) error {
	f, err := os.OpenFile(path, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o644)
	if err != nil {
		return err
	}
	_, err = f.Write(data)
	if err == nil {
		err = f.Sync()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	return err
}
