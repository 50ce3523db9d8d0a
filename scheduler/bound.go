package scheduler

// The coverage bound: an upper bound on how many places any roster can fill under every hard
// rule, by Lagrangian relaxation. Relaxing "a place holds at most its need" with a price per
// place leaves one exact problem per officer (bestSchedule with the places' values reduced by
// their prices); for any prices, the prices times the needs plus each officer's best schedule
// bounds the places filled from above. A subgradient search lowers the bound. All arithmetic is
// in integers (prices in millionths), so the bound is exact for the prices found: filled places
// equal to it prove the roster as complete as any can be.
//
// The relaxation also proposes rosters: every few steps, the officers' schedules at the current
// prices, cut where two want the same place and topped up from the open places, replace the
// roster when they fill more. Prices near the bound's optimum rarely ask two officers for one
// place, so such a roster is nearly whole; this finds arrangements that differ from the current
// one in many officers at once, which the search's rearrangements of a few officers cannot reach
// (a plan of 10 officers where they stopped one place short of CBC's proven optimum, 197 of 198).

const priceUnit = 1_000_000 // one place, in millionths

// primalEvery is how often (in subgradient steps) the officers' schedules at the current prices
// are made into a roster (see lagrangePrimal).
const primalEvery = 10

// row is one place-group of the relaxation: a slot's duty or backup places.
type row struct {
	slot   int
	backup bool
	need   int
}

// coverBound computes the bound with at most iters subgradient steps and a step budget of fixed
// times the part's fixed budget (plus a share per place), starting from the places filled now
// (the known lower bound). It returns the bound and the prices it ended with.
func (s *solver) coverBound(static [][]place, iters int, fixed int64) (int, []int64) {
	// Rows: every place-group an officer may take; rotation duties are decided by the order
	// and count as the turn's holder has them.
	rows := make([]int, 2*len(s.sl)) // place id -> row + 1 (0: no row)
	var rowList []row
	turns := 0
	for si := range s.sl {
		if s.sl[si].rotation {
			turns += len(s.sl[si].duty)
		}
	}
	for _, ps := range static {
		for _, p := range ps {
			if !p.backup && s.sl[p.slot].rotation {
				continue
			}
			if rows[p.id()] == 0 {
				need := s.slots[p.slot].Shift.Need
				if p.backup {
					need = s.slots[p.slot].Shift.Backup
				}
				rowList = append(rowList, row{p.slot, p.backup, need})
				rows[p.id()] = len(rowList)
			}
		}
	}
	price := make([]int64, len(rowList))
	lower := int64(s.filled())
	best, bestTotal := int64(-1), int64(-1)
	var bestPrice []int64
	theta := 2.0
	stall := 0
	usage := make([]int64, len(rowList))
	scheds := make([][]place, len(s.offs))
	s.limit = s.work + s.effort*(s.places*50+fixed*s.fixedBudget)
	// One step solves every officer's programme; when even one would overrun the budget (a
	// part far larger than a Center), the capacity check's bound stands alone.
	var step int64
	for oi, ps := range static {
		c := min(s.offs[oi].cap, len(ps))
		if s.capArg(oi) < 0 {
			c = 1
		}
		step += int64(len(ps)) * int64(c) * int64(max(1, min(s.maxCons, 62))) / dpWorkScale
	}
	if step > s.limit-s.work {
		return int(s.places), nil
	}
	for it := 0; it < iters && !s.spent(); it++ {
		// The bound at these prices, and how often each place-group is used.
		for i := range usage {
			usage[i] = 0
		}
		total := int64(0)
		for i, r := range rowList {
			total += price[i] * int64(r.need)
		}
		primal := it%primalEvery == primalEvery-1
		for oi, ps := range static {
			if len(ps) == 0 || !s.offs[oi].o.Active {
				continue
			}
			places, value := s.rfPlaces[:0], s.rfValues[:0]
			forced := int64(0)
			for _, p := range ps {
				s.work++
				if !p.backup && s.sl[p.slot].rotation {
					if s.holds(oi, p.slot, false) {
						places, value = append(places, p), append(value, valueTurn)
						forced++
					}
					continue
				}
				places, value = append(places, p), append(value, priceUnit-price[rows[p.id()]-1])
			}
			s.rfPlaces, s.rfValues = places, value
			chosen, v := s.bestSchedule(oi, places, value, s.capArg(oi))
			total += v - forced*valueTurn
			if primal {
				sched := make([]place, len(chosen))
				for i, k := range chosen {
					sched[i] = places[k]
				}
				scheds[oi] = sched
			}
			for _, k := range chosen {
				if i := rows[places[k].id()]; i > 0 {
					usage[i-1]++
				}
			}
		}
		total += int64(turns) * priceUnit
		if primal && s.lagrangePrimal(scheds, static) {
			lower = int64(s.filled())
		}
		bound := total / priceUnit // prices and values are whole millionths: floor is exact

		improved := best < 0 || bound < best
		if improved {
			best, bestPrice = bound, append([]int64(nil), price...)
		}
		if fixed > 1 {
			// A long computation halves the step only when the relaxation's exact value has
			// stopped falling for a while: its floor moves by whole places and stalls long
			// before the value does. (A short one halves it sooner, to get its prices fast.)
			if improved = bestTotal < 0 || total < bestTotal; improved {
				bestTotal = total
			}
		}
		if improved {
			stall = 0
		} else if stall++; stall >= 20*int(fixed) {
			theta /= 2
			stall = 0
		}
		if best <= lower {
			break // the roster already fills the bound
		}
		// Subgradient step: raise the price of over-used groups, lower it of under-used ones.
		// Integers where an addition is involved, so that no platform fuses a multiply-add and
		// the search is the same everywhere.
		norm := int64(0)
		for i, r := range rowList {
			g := usage[i] - int64(r.need)
			if g < 0 && price[i] == 0 {
				continue
			}
			norm += g * g
		}
		if norm == 0 {
			break // the relaxed solution is feasible: the bound is the optimum
		}
		step := theta * float64(total-lower*priceUnit) / float64(norm)
		for i, r := range rowList {
			price[i] = max(0, price[i]+int64(step*float64(usage[i]-int64(r.need))))
		}
	}
	if best < 0 {
		return int(s.places), nil // no step was taken: only the trivial bound is known
	}
	prices := make([]int64, len(rows))
	for id, i := range rows {
		if i > 0 {
			prices[id] = bestPrice[i-1]
		}
	}
	return int(best), prices
}

// filled counts the places held.
func (s *solver) filled() int {
	n := 0
	for i := range s.sl {
		n += len(s.sl[i].duty) + len(s.sl[i].backup)
	}
	return n
}

// lagrangePrimal builds a roster from the officers' schedules at the bound's prices: every place
// but rotation turns is cleared, each officer (the least flexible first) is given the places of
// their priced schedule that are still open (part of a schedule keeps every time rule), and each
// then fills up from the open places. It keeps the result when it fills more than the roster it
// replaced, and reports whether it did.
func (s *solver) lagrangePrimal(scheds [][]place, static [][]place) bool {
	return s.rebuildWith(static, func(order []int) {
		for _, oi := range order {
			for _, p := range scheds[oi] {
				s.work++
				if !s.holds(oi, p.slot, p.backup) && s.holdersOf(p) < s.needOf(p) {
					s.assign(oi, p.slot, p.backup)
				}
			}
		}
		s.reoptimize(static)
	})
}
