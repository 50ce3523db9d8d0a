package scheduler

import (
	"slices"
	"sort"

	"dutyroster/roster"
)

// maxFlow is Dinic's algorithm on a small adjacency-list graph.
type maxFlow struct {
	head  []int
	next  []int
	to    []int
	cap   []int
	level []int
	iter  []int
	queue []int // bfs's, reused
}

func newMaxFlow(n int) *maxFlow {
	f := &maxFlow{head: make([]int, n)}
	for i := range f.head {
		f.head[i] = -1
	}
	return f
}

func (f *maxFlow) addNode() int {
	f.head = append(f.head, -1)
	return len(f.head) - 1
}

// reserve makes room for edges more edges, so that a large graph is not grown one append at a
// time (the capacity check of a stress part adds hundreds of thousands).
func (f *maxFlow) reserve(edges int) {
	f.to = slices.Grow(f.to, 2*edges)
	f.cap = slices.Grow(f.cap, 2*edges)
	f.next = slices.Grow(f.next, 2*edges)
}

// addEdge adds u->v with capacity c and returns the edge index (its flow is read back later).
func (f *maxFlow) addEdge(u, v, c int) int {
	e := len(f.to)
	f.to = append(f.to, v, u)
	f.cap = append(f.cap, c, 0)
	f.next = append(f.next, f.head[u], f.head[v])
	f.head[u], f.head[v] = e, e+1
	return e
}

func (f *maxFlow) bfs(s, t int) bool {
	f.level = grow(f.level, len(f.head))
	for i := range f.level {
		f.level[i] = -1
	}
	f.level[s] = 0
	q := append(f.queue[:0], s)
	for i := 0; i < len(q); i++ {
		u := q[i]
		for e := f.head[u]; e >= 0; e = f.next[e] {
			if f.cap[e] > 0 && f.level[f.to[e]] < 0 {
				f.level[f.to[e]] = f.level[u] + 1
				q = append(q, f.to[e])
			}
		}
	}
	f.queue = q
	return f.level[t] >= 0
}

func (f *maxFlow) dfs(u, t, pushed int) int {
	if u == t {
		return pushed
	}
	for ; f.iter[u] >= 0; f.iter[u] = f.next[f.iter[u]] {
		e := f.iter[u]
		v := f.to[e]
		if f.cap[e] > 0 && f.level[v] == f.level[u]+1 {
			if d := f.dfs(v, t, min(pushed, f.cap[e])); d > 0 {
				f.cap[e] -= d
				f.cap[e^1] += d
				return d
			}
		}
	}
	return 0
}

func (f *maxFlow) run(s, t int) int {
	total := 0
	for f.bfs(s, t) {
		f.iter = append(f.iter[:0], f.head...)
		for {
			d := f.dfs(s, t, 1<<30)
			if d == 0 {
				break
			}
			total += d
		}
	}
	return total
}

// flowOf returns the flow on edge e (its reverse edge's capacity).
func (f *maxFlow) flowOf(e int) int { return f.cap[e^1] }

// capacity bounds how many places any roster could fill: places of the same eligibility class
// and day flow to officers available that day (not on whole-day leave), at most as many a day
// as rest allows, at most their monthly cap in all. It relaxes overlap within a day, partial-day
// leave and consecutive days, so the bound is an upper bound: when it is below the number of
// places, demand exceeds supply whatever the roster.
func (s *solver) capacity() Capacity {
	type classKey struct {
		cands  *int // identity of the candidate list
		n      int
		backup bool
	}
	type group struct {
		class  classKey
		day    int
		places int
		label  roster.Text
		edge   int
	}
	c := Capacity{}
	groups := map[[2]int]*group{}
	classIDs := map[classKey]int{}
	var order []*group
	classLabel := map[int]roster.Text{}
	dayCap := map[int]int{}
	slotsByDay := map[int][]int{}
	for si := range s.slots {
		sl := &s.slots[si]
		slotsByDay[s.sl[si].day] = append(slotsByDay[s.sl[si].day], si)
		for _, backup := range []bool{false, true} {
			n := sl.Shift.Need
			if backup {
				n = sl.Shift.Backup
			}
			if n == 0 {
				continue
			}
			c.Places += n
			cands := s.candidates(si, backup)
			var ptr *int
			if len(cands) > 0 {
				ptr = &cands[0]
			}
			k := classKey{ptr, len(cands), backup}
			id, ok := classIDs[k]
			if !ok {
				id = len(classIDs)
				classIDs[k] = id
				var area any = sl.Post.Area
				if sl.Post.Area == "" {
					area = roster.T("every area")
				}
				if backup {
					classLabel[id] = roster.T("backup places for %s in %s", joinRoles(sl.Shift.BackupRoles), area)
				} else {
					classLabel[id] = roster.T("duty places for %s in %s", joinRoles(sl.Shift.Roles), area)
				}
			}
			g := groups[[2]int{id, s.sl[si].day}]
			if g == nil {
				g = &group{class: k, day: s.sl[si].day, label: classLabel[id]}
				groups[[2]int{id, s.sl[si].day}] = g
				order = append(order, g)
			}
			g.places += n
		}
	}
	// How many places one officer can start in a day: the longest chain of that day's slots
	// with the rest between them (earliest end first).
	for day, sis := range slotsByDay {
		ends := make([]int, len(sis))
		copy(ends, sis)
		sort.Slice(ends, func(i, j int) bool { return s.sl[ends[i]].end < s.sl[ends[j]].end })
		n, last := 0, int64(-1<<62)
		for _, si := range ends {
			if s.sl[si].start >= last {
				n++
				last = s.sl[si].end + s.rest
			}
		}
		dayCap[day] = n
	}
	f := newMaxFlow(2)
	src, sink := 0, 1
	offNode := map[int]int{}
	odNode := map[[2]int]int{}
	for _, st := range s.offs {
		if st.o.Active {
			offNode[st.idx] = f.addNode()
			f.addEdge(offNode[st.idx], sink, st.cap)
		}
	}
	wholeDayOff := func(st *offState, day int) bool {
		for _, b := range st.blocks {
			if b.u.Kind == roster.UnavailDays && day >= b.u.FromDate.DaysSinceEpoch() && day <= b.u.ToDate.DaysSinceEpoch() {
				return true
			}
		}
		return false
	}
	classCands := map[classKey][]int{}
	for si := range s.slots {
		for _, backup := range []bool{false, true} {
			cands := s.candidates(si, backup)
			var ptr *int
			if len(cands) > 0 {
				ptr = &cands[0]
			}
			classCands[classKey{ptr, len(cands), backup}] = cands
		}
	}
	// Edges: one per group, one per group and candidate, and one per officer and day (at most
	// one per group and candidate, at most the officers times the days).
	edges, cands := 0, 0
	for _, g := range order {
		edges++
		cands += len(classCands[g.class])
	}
	f.reserve(edges + cands + min(cands, len(offNode)*len(slotsByDay)))
	for _, g := range order {
		gn := f.addNode()
		g.edge = f.addEdge(src, gn, g.places)
		for _, oi := range classCands[g.class] {
			st := s.offs[oi]
			if wholeDayOff(st, g.day) {
				continue
			}
			key := [2]int{oi, g.day}
			od, ok := odNode[key]
			if !ok {
				od = f.addNode()
				odNode[key] = od
				f.addEdge(od, offNode[oi], dayCap[g.day])
			}
			f.addEdge(gn, od, dayCap[g.day])
		}
	}
	c.Bound = f.run(src, sink)
	if c.Short() {
		short := map[string][2]int{}
		var labels []roster.Text
		for _, g := range order {
			got := f.flowOf(g.edge)
			key := g.label.String()
			v, seen := short[key]
			if !seen {
				labels = append(labels, g.label)
			}
			short[key] = [2]int{v[0] + g.places, v[1] + got}
		}
		for _, l := range labels {
			if v := short[l.String()]; v[1] < v[0] {
				c.Notes = append(c.Notes, roster.T("%s: %d places, %d in the best allocation", l, v[0], v[1]))
			}
		}
		c.Notes = append([]roster.Text{demandNote(c.Bound, c.Places)}, c.Notes...)
	}
	return c
}
