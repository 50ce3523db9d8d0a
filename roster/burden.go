package roster

import "sort"

// Burden is counted in units of half a thousandth of a weight, so that a backup (half of its
// slot's weight) stays an integer: a weekday duty of weight 1 is 2000 units, its backup 1000.
// An officer's burden divides their units by share; no float is used in any score.
const (
	DutyFactor   = 2 // burden units of a duty per thousandth of weight
	BackupFactor = 1 // burden units of a backup per thousandth of weight
)

// BurdenUnits returns the burden units one assignment adds (before dividing by share).
func BurdenUnits(a Assignment) int64 {
	if a.Role == Backup {
		return int64(a.Weight) * BackupFactor
	}
	return int64(a.Weight) * DutyFactor
}

// NormaliseUnits divides burden units by a share (thousandths).
func NormaliseUnits(units int64, share Milli) int64 {
	if share <= 0 {
		share = 1000
	}
	return units * 1000 / int64(share)
}

// UnitsToMilli turns burden units into thousandths of a weight (2000 units = 1.000).
func UnitsToMilli(units int64) Milli { return Milli(units / DutyFactor) }

// OfficerStats is one officer's share of a roster (or of several).
type OfficerStats struct {
	OfficerID string
	Duties    int
	Backups   int
	Weekend   int
	Holiday   int
	Night     int
	Burden    Milli // sum of weights (backup half) divided by share
	FairShare Milli // the level everyone would have if burden were spread by share
	Deviation Milli // Burden - FairShare
}

// Spread is the difference between the highest and the lowest value of each measure.
type Spread struct {
	Duties, Backups, Weekend, Holiday, Night int
	Burden                                   Milli
	BurdenMin, BurdenMedian, BurdenMax       Milli
}

// ComputeStats measures a roster's assignments for the officers who took part (id -> share).
// Fair share is all burden divided by all shares: the burden each officer would carry if it
// were spread exactly by share.
func ComputeStats(assignments []Assignment, shares map[string]Milli) []OfficerStats {
	byID := map[string]*OfficerStats{}
	units := map[string]int64{}
	var total, totalShare int64
	ids := make([]string, 0, len(shares))
	// The caller's map is read, never written: someone outside it gets share 1 in a copy.
	own := make(map[string]Milli, len(shares))
	for id, sh := range shares {
		own[id] = sh
		ids = append(ids, id)
		byID[id] = &OfficerStats{OfficerID: id}
		totalShare += int64(sh)
	}
	sort.Strings(ids)
	for _, a := range assignments {
		st, ok := byID[a.OfficerID]
		if !ok {
			// Someone outside the snapshot (a later amendment): count them with share 1.
			st = &OfficerStats{OfficerID: a.OfficerID}
			byID[a.OfficerID] = st
			own[a.OfficerID] = 1000
			ids = append(ids, a.OfficerID)
			totalShare += 1000
		}
		if a.Role == Backup {
			st.Backups++
		} else {
			st.Duties++
		}
		if a.Weekend {
			st.Weekend++
		}
		if a.Holiday {
			st.Holiday++
		}
		if a.Night {
			st.Night++
		}
		u := BurdenUnits(a)
		units[a.OfficerID] += u
		total += u
	}
	sort.Strings(ids)
	var fair Milli
	if totalShare > 0 {
		fair = UnitsToMilli(total * 1000 / totalShare)
	}
	out := make([]OfficerStats, 0, len(ids))
	for _, id := range ids {
		st := byID[id]
		st.Burden = UnitsToMilli(NormaliseUnits(units[id], own[id]))
		st.FairShare = fair
		st.Deviation = st.Burden - fair
		out = append(out, *st)
	}
	return out
}

// SumStats adds per-officer stats of several months (a year): counts, burden, fair share and
// deviation add up, so the deviation is the drift the ledger corrects.
func SumStats(months [][]OfficerStats) []OfficerStats {
	byID := map[string]*OfficerStats{}
	var ids []string
	for _, m := range months {
		for _, s := range m {
			t, ok := byID[s.OfficerID]
			if !ok {
				t = &OfficerStats{OfficerID: s.OfficerID}
				byID[s.OfficerID] = t
				ids = append(ids, s.OfficerID)
			}
			t.Duties += s.Duties
			t.Backups += s.Backups
			t.Weekend += s.Weekend
			t.Holiday += s.Holiday
			t.Night += s.Night
			t.Burden += s.Burden
			t.FairShare += s.FairShare
			t.Deviation += s.Deviation
		}
	}
	sort.Strings(ids)
	out := make([]OfficerStats, len(ids))
	for i, id := range ids {
		out[i] = *byID[id]
	}
	return out
}

// SpreadOf returns the max-min spread of each measure and the burden's min, median and max.
func SpreadOf(stats []OfficerStats) Spread {
	var sp Spread
	if len(stats) == 0 {
		return sp
	}
	rng := func(f func(OfficerStats) int) int {
		lo, hi := f(stats[0]), f(stats[0])
		for _, s := range stats[1:] {
			lo, hi = min(lo, f(s)), max(hi, f(s))
		}
		return hi - lo
	}
	sp.Duties = rng(func(s OfficerStats) int { return s.Duties })
	sp.Backups = rng(func(s OfficerStats) int { return s.Backups })
	sp.Weekend = rng(func(s OfficerStats) int { return s.Weekend })
	sp.Holiday = rng(func(s OfficerStats) int { return s.Holiday })
	sp.Night = rng(func(s OfficerStats) int { return s.Night })
	b := make([]Milli, len(stats))
	for i, s := range stats {
		b[i] = s.Burden
	}
	sort.Slice(b, func(i, j int) bool { return b[i] < b[j] })
	sp.BurdenMin, sp.BurdenMax = b[0], b[len(b)-1]
	sp.BurdenMedian = b[len(b)/2]
	if len(b)%2 == 0 {
		sp.BurdenMedian = (b[len(b)/2-1] + b[len(b)/2]) / 2
	}
	sp.Burden = sp.BurdenMax - sp.BurdenMin
	return sp
}
