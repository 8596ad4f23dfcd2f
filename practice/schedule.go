package practice

import (
	"math/rand/v2"
	"slices"
	"time"

	"github.com/pushback-coach/pushback"
)

// Card is where a scenario stands in a rep's spaced repetition: a Leitner
// box (1 is the first) and when it is due again. It is worked out from the
// rep's attempts, so stores keep only attempts.
type Card struct {
	ScenarioID string    `json:"scenario_id"`
	Box        int       `json:"box"`
	Due        time.Time `json:"due"`
	LastScore  int       `json:"last_score"`
	Attempts   int       `json:"attempts"`
}

// Schedule replays a rep's attempts into cards, by scenario id. A score below
// coach.yaml's `low` sends a scenario back to box 1 (due again in minutes);
// a score at or above `good` moves it up a box (due again in days, then
// weeks); anything between keeps its box.
func Schedule(attempts []Attempt) map[string]Card {
	as := slices.Clone(attempts)
	sortAttempts(as)
	boxes := coachConfig().Repetition.intervals
	cards := map[string]Card{}
	for _, a := range as {
		c := cards[a.ScenarioID]
		c.ScenarioID = a.ScenarioID
		box := max(c.Box, 1)
		switch {
		case a.Score < coachConfig().Scoring.Low:
			box = 1
		case a.Score >= coachConfig().Scoring.Good:
			box = min(box+1, len(boxes))
		}
		c.Box = box
		c.Due = a.At.Add(boxes[box-1])
		c.LastScore = a.Score
		c.Attempts++
		cards[a.ScenarioID] = c
	}
	return cards
}

// choose picks the next scenario among candidates:
//  1. one that is due again, the lowest box and then the lowest last score first,
//     so what the rep struggled with comes back before what they handled well;
//  2. else one the rep has not tried, preferring the target difficulty;
//  3. else the one due soonest.
//
// The scenario just played (exclude) comes only when nothing else can.
func choose(cands []pushback.Scenario, cards map[string]Card, now time.Time, exclude string, target pushback.Difficulty, rng *rand.Rand) (pushback.Scenario, bool) {
	var due, unseen, later []pushback.Scenario
	for _, sc := range cands {
		if sc.ID == exclude {
			continue
		}
		c, seen := cards[sc.ID]
		switch {
		case !seen:
			unseen = append(unseen, sc)
		case !c.Due.After(now):
			due = append(due, sc)
		default:
			later = append(later, sc)
		}
	}
	if len(due) > 0 {
		slices.SortStableFunc(due, func(a, b pushback.Scenario) int {
			ca, cb := cards[a.ID], cards[b.ID]
			if ca.Box != cb.Box {
				return ca.Box - cb.Box
			}
			if ca.LastScore != cb.LastScore {
				return ca.LastScore - cb.LastScore
			}
			return ca.Due.Compare(cb.Due)
		})
		return due[0], true
	}
	if len(unseen) > 0 {
		// The closest difficulty to the target, at random among equals.
		best := -1
		var pool []pushback.Scenario
		for _, sc := range unseen {
			d := abs(difficultyRank(sc.Difficulty) - difficultyRank(target))
			switch {
			case best < 0 || d < best:
				best, pool = d, []pushback.Scenario{sc}
			case d == best:
				pool = append(pool, sc)
			}
		}
		return pool[rng.IntN(len(pool))], true
	}
	if len(later) > 0 {
		slices.SortStableFunc(later, func(a, b pushback.Scenario) int { return cards[a.ID].Due.Compare(cards[b.ID].Due) })
		return later[0], true
	}
	for _, sc := range cands {
		if sc.ID == exclude {
			return sc, true
		}
	}
	return pushback.Scenario{}, false
}

// targetDifficulty suits the rep's recent scores: easy to start and while
// scores are low, hard once they are good, but not during the warm-up.
func targetDifficulty(history []Attempt) pushback.Difficulty {
	r := coachConfig().Repetition
	if len(history) == 0 {
		return pushback.Easy
	}
	h := history[max(0, len(history)-r.Recent):]
	sum := 0
	for _, a := range h {
		sum += a.Score
	}
	switch avg := sum / len(h); {
	case avg < coachConfig().Scoring.Low:
		return pushback.Easy
	case avg < coachConfig().Scoring.Good || len(history) < r.WarmUp:
		return pushback.Medium
	}
	return pushback.Hard
}

func abs(n int) int {
	if n < 0 {
		return -n
	}
	return n
}
