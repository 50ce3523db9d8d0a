package scheduler

import (
	"container/heap"
	"context"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"dutyroster/roster"
)

// A plan often falls apart into independent parts: officers who serve only their own area never
// meet the officers or shifts of another. Such parts are solved on their own, in parallel, and
// the results merged. Leximin over independent parts is leximin of each part, so the roster is
// as fair as one solved whole; each part has its own seed, so the result does not depend on
// which part finishes first.

type part struct {
	officers map[string]bool
	shifts   map[[2]string]bool // post id, shift id
	first    int                // position of the part's first shift in the plan, for ordering
}

// components groups the plan's active shifts and officers into independent parts. It is a
// union-find over officers and shifts by index: a country has thousands of each.
func components(plan *roster.Plan) []*part {
	nOff := len(plan.Officers)
	parent := make([]int, nOff)
	for i := range parent {
		parent[i] = i
	}
	var find func(int) int
	find = func(x int) int {
		if parent[x] != x {
			parent[x] = find(parent[x])
		}
		return parent[x]
	}
	union := func(a, b int) { parent[find(a)] = find(b) }
	touched := make([]bool, nOff) // an officer some shift may take
	// Officers by role, for every area ("" holds those who serve every area).
	type areaRole struct {
		area string
		role roster.Role
	}
	byAreaRole := map[areaRole][]int{}
	areaSet := map[string]bool{}
	for i, o := range plan.Officers {
		if !o.Active {
			continue
		}
		areas := o.Areas
		if len(areas) == 0 {
			areas = []string{""}
		}
		for _, a := range areas {
			areaSet[a] = true
			k := areaRole{a, o.Role}
			byAreaRole[k] = append(byAreaRole[k], i)
		}
	}
	allAreas := make([]string, 0, len(areaSet)+1)
	allAreas = append(allAreas, "")
	for a := range areaSet {
		if a != "" {
			allAreas = append(allAreas, a)
		}
	}
	sort.Strings(allAreas[1:])
	// The officers of one area and role are joined to each other once, when a shift first takes
	// them; a later shift that takes them joins the first of them.
	joined := map[areaRole]bool{}
	type shiftRef struct{ post, shift string }
	var shifts []shiftRef
	for _, post := range plan.Posts {
		if !post.Active {
			continue
		}
		for _, sh := range post.Shifts {
			node := len(parent)
			parent = append(parent, node)
			shifts = append(shifts, shiftRef{post.ID, sh.ID})
			roles := append([]roster.Role(nil), sh.Roles...)
			if sh.Backup > 0 {
				roles = append(roles, sh.BackupRoles...)
			}
			areas := allAreas
			if post.Area != "" {
				areas = []string{"", post.Area}
			}
			for _, a := range areas {
				for _, r := range roles {
					k := areaRole{a, r}
					ids := byAreaRole[k]
					if len(ids) == 0 {
						continue
					}
					if !joined[k] {
						joined[k] = true
						for _, i := range ids {
							touched[i] = true
							union(i, ids[0])
						}
					}
					union(ids[0], node)
				}
			}
		}
	}
	byRoot := map[int]*part{}
	var parts []*part
	for i, sr := range shifts {
		r := find(nOff + i)
		pt := byRoot[r]
		if pt == nil {
			pt = &part{officers: map[string]bool{}, shifts: map[[2]string]bool{}, first: i}
			byRoot[r] = pt
			parts = append(parts, pt)
		}
		pt.shifts[[2]string{sr.post, sr.shift}] = true
	}
	for i, o := range plan.Officers {
		if touched[i] {
			if pt := byRoot[find(i)]; pt != nil {
				pt.officers[o.ID] = true
			}
		}
	}
	return parts
}

// subProblem restricts a problem to one part.
func subProblem(p *Problem, pt *part) *Problem {
	plan := *p.Plan
	plan.Officers = nil
	for _, o := range p.Plan.Officers {
		if pt.officers[o.ID] {
			plan.Officers = append(plan.Officers, o)
		}
	}
	plan.Posts = nil
	for _, post := range p.Plan.Posts {
		cp := post
		cp.Shifts = nil
		for _, sh := range post.Shifts {
			if pt.shifts[[2]string{post.ID, sh.ID}] {
				cp.Shifts = append(cp.Shifts, sh)
			}
		}
		if len(cp.Shifts) > 0 {
			plan.Posts = append(plan.Posts, cp)
		}
	}
	sub := *p
	sub.Plan = &plan
	sub.Seed = p.Seed ^ (uint64(pt.first+1) * 0x9e3779b97f4a7c15)
	sub.Before = nil
	for _, a := range p.Before {
		if pt.officers[a.OfficerID] {
			sub.Before = append(sub.Before, a)
		}
	}
	sub.Progress = nil
	return &sub
}

// solveParts solves each part on its own goroutine and merges the results in slot order.
func solveParts(ctx context.Context, p *Problem, loc *time.Location, parts []*part) (*Result, error) {
	placesOf := func(pt *part) int64 {
		n := int64(0)
		for _, post := range p.Plan.Posts {
			for _, sh := range post.Shifts {
				if pt.shifts[[2]string{post.ID, sh.ID}] {
					n += int64(sh.Need + sh.Backup)
				}
			}
		}
		return n
	}
	var total int64
	weights := make([]int64, len(parts))
	for i, pt := range parts {
		weights[i] = placesOf(pt)
		total += weights[i]
	}
	results := make([]*Result, len(parts))
	errs := make([]error, len(parts))
	var wg sync.WaitGroup
	var mu sync.Mutex
	done := 0
	next := 0
	workers := min(runtime.GOMAXPROCS(0), len(parts))
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				i := next
				next++
				mu.Unlock()
				if i >= len(parts) {
					return
				}
				share := int64(1)
				if total > 0 {
					share = max(1, weights[i]*1000/total)
				}
				results[i], errs[i] = solvePart(ctx, subProblem(p, parts[i]), loc, share)
				mu.Lock()
				done++
				if p.Progress != nil {
					p.Progress("parts", done, len(parts))
				}
				mu.Unlock()
			}
		}()
	}
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return mergeResults(p.Plan, results), nil
}

// mergeResults puts the parts' results together in the order one whole solve would give.
func mergeResults(plan *roster.Plan, results []*Result) *Result {
	postOrder := map[string]int{}
	for i, post := range plan.Posts {
		postOrder[post.ID] = i
	}
	out := &Result{Rotation: map[string]roster.RotationState{}, Participants: map[string]roster.Milli{}}
	for _, r := range results {
		for k, v := range r.Rotation {
			out.Rotation[k] = v
		}
		for k, v := range r.Participants {
			out.Participants[k] = v
		}
		out.Interrupted = out.Interrupted || r.Interrupted
		out.Bound += r.Bound
		out.BurdenFloor = max(out.BurdenFloor, r.BurdenFloor)
		out.Capacity.Places += r.Capacity.Places
		out.Capacity.Bound += r.Capacity.Bound
		if r.Capacity.Short() {
			out.Capacity.Notes = append(out.Capacity.Notes, r.Capacity.Notes[1:]...)
		}
	}
	if out.Capacity.Short() {
		out.Capacity.Notes = append([]roster.Text{demandNote(out.Capacity.Bound, out.Capacity.Places)}, out.Capacity.Notes...)
	}
	slotLess := func(aStart time.Time, aPost, aShift string, bStart time.Time, bPost, bShift string) int {
		if !aStart.Equal(bStart) {
			if aStart.Before(bStart) {
				return -1
			}
			return 1
		}
		if pa, pb := postOrder[aPost], postOrder[bPost]; pa != pb {
			return pa - pb
		}
		switch {
		case aShift < bShift:
			return -1
		case aShift > bShift:
			return 1
		}
		return 0
	}
	roleOrder := func(r roster.DutyRole) int {
		if r == roster.Duty {
			return 0
		}
		return 1
	}
	// Each part's lists are already in order: merge them.
	out.Slots = mergeSorted(results, func(r *Result) []Slot { return r.Slots }, func(a, b *Slot) int {
		return slotLess(a.Start, a.Post.ID, a.Shift.ID, b.Start, b.Post.ID, b.Shift.ID)
	})
	out.Assignments = mergeSorted(results, func(r *Result) []roster.Assignment { return r.Assignments }, func(a, b *roster.Assignment) int {
		if c := slotLess(a.Start, a.PostID, a.ShiftID, b.Start, b.PostID, b.ShiftID); c != 0 {
			return c
		}
		if c := roleOrder(a.Role) - roleOrder(b.Role); c != 0 {
			return c
		}
		return strings.Compare(a.OfficerID, b.OfficerID)
	})
	out.Unfilled = mergeSorted(results, func(r *Result) []roster.Unfilled { return r.Unfilled }, func(a, b *roster.Unfilled) int {
		if c := slotLess(a.Start, a.PostID, a.ShiftID, b.Start, b.PostID, b.ShiftID); c != 0 {
			return c
		}
		return roleOrder(a.Role) - roleOrder(b.Role)
	})
	return out
}

// mergeSorted merges the sorted lists of several results into one sorted list; among equal
// items the earlier result comes first. The lists' heads wait in a heap: a country's month has
// dozens of parts and a hundred thousand places.
func mergeSorted[T any](results []*Result, list func(*Result) []T, cmp func(a, b *T) int) []T {
	h := &mergeHeap[T]{cmp: cmp}
	n := 0
	for _, r := range results {
		l := list(r)
		n += len(l)
		if len(l) > 0 {
			h.lists = append(h.lists, l)
			h.order = append(h.order, len(h.order))
		}
	}
	heap.Init(h)
	out := make([]T, 0, n)
	for h.Len() > 0 {
		l := &h.lists[0]
		out = append(out, (*l)[0])
		if *l = (*l)[1:]; len(*l) > 0 {
			heap.Fix(h, 0)
		} else {
			heap.Pop(h)
		}
	}
	return out
}

// mergeHeap holds the lists still to merge, the one with the least head first (the earlier
// result among equal heads): order is each list's result's position.
type mergeHeap[T any] struct {
	lists [][]T
	order []int
	cmp   func(a, b *T) int
}

func (h *mergeHeap[T]) Len() int { return len(h.lists) }
func (h *mergeHeap[T]) Less(i, j int) bool {
	if c := h.cmp(&h.lists[i][0], &h.lists[j][0]); c != 0 {
		return c < 0
	}
	return h.order[i] < h.order[j]
}
func (h *mergeHeap[T]) Swap(i, j int) {
	h.lists[i], h.lists[j] = h.lists[j], h.lists[i]
	h.order[i], h.order[j] = h.order[j], h.order[i]
}
func (h *mergeHeap[T]) Push(any) { panic("mergeHeap only shrinks") }
func (h *mergeHeap[T]) Pop() any {
	n := len(h.lists) - 1
	h.lists, h.order = h.lists[:n], h.order[:n]
	return nil
}
