package practice

import (
	"fmt"
	"math"
	"strings"

	"github.com/pushback-coach/pushback"
)

// Summary sums up practice attempts: a session's, or a rep's whole history.
type Summary struct {
	Rep             string                                 `json:"rep,omitempty"`
	Done            int                                    `json:"done"`
	Average         *float64                               `json:"average"` // mean overall score; nil with none
	Courage         *float64                               `json:"courage"` // share pushed back; nil with none
	Skills          map[string]float64                     `json:"skills"`  // share of replies with each skill (respectful and calm: of push-backs)
	Strongest       string                                 `json:"strongest,omitempty"`
	Weakest         string                                 `json:"weakest,omitempty"`
	WeakestCategory pushback.Category                      `json:"weakest_category,omitempty"`
	ByCategory      map[pushback.Category]*CategorySummary `json:"by_category"`
	LetGoStreak     int                                    `json:"let_go_streak"` // moments let go in a row, most recent last
}

// CategorySummary sums up the attempts on one kind of moment.
type CategorySummary struct {
	Done    int     `json:"done"`
	Average float64 `json:"average"`
	Courage float64 `json:"courage"`
}

// Summarize sums up attempts (oldest first). The strongest skill is the one
// most often right (if any ever was), the weakest the one most often missed
// (if any ever was); the weakest category is named when at least two were
// practised.
func Summarize(attempts []Attempt) Summary {
	s := Summary{Skills: map[string]float64{}, ByCategory: map[pushback.Category]*CategorySummary{}}
	s.Done = len(attempts)
	if s.Done == 0 {
		return s
	}
	s.Rep = attempts[len(attempts)-1].Rep
	total, pushed := 0, 0
	hits, seen := map[string]int{}, map[string]int{}
	for _, a := range attempts {
		total += a.Score
		if a.Scores.PushedBack {
			pushed++
		}
		for _, k := range SkillNames {
			if v, known := a.Scores.Get(k); known {
				seen[k]++
				if v {
					hits[k]++
				}
			}
		}
		cs := s.ByCategory[a.Category]
		if cs == nil {
			cs = &CategorySummary{}
			s.ByCategory[a.Category] = cs
		}
		cs.Done++
		cs.Average += float64(a.Score)
		if a.Scores.PushedBack {
			cs.Courage++
		}
	}
	avg, courage := round1(float64(total)/float64(s.Done)), round2(float64(pushed)/float64(s.Done))
	s.Average, s.Courage = &avg, &courage
	for _, cs := range s.ByCategory {
		cs.Average = round1(cs.Average / float64(cs.Done))
		cs.Courage = round2(cs.Courage / float64(cs.Done))
	}

	best, worst := -1.0, 2.0
	for _, k := range SkillNames {
		if seen[k] == 0 {
			continue
		}
		r := round2(float64(hits[k]) / float64(seen[k]))
		s.Skills[k] = r
		if r > best {
			best, s.Strongest = r, k
		}
		if r < worst {
			worst, s.Weakest = r, k
		}
	}
	// Nothing is a strength at 0, nor a weakness at 1 (ties go to the first
	// in SkillNames, pushing back).
	if best <= 0 {
		s.Strongest = ""
	}
	if worst >= 1 {
		s.Weakest = ""
	}
	if len(s.ByCategory) >= 2 {
		low := math.Inf(1)
		for _, c := range pushback.Categories {
			if cs := s.ByCategory[c]; cs != nil && cs.Average < low {
				low, s.WeakestCategory = cs.Average, c
			}
		}
	}
	s.LetGoStreak = letGoStreak(attempts)
	return s
}

// letGoStreak counts the most recent attempts in a row that let the moment go.
func letGoStreak(attempts []Attempt) int {
	n := 0
	for i := len(attempts) - 1; i >= 0 && !attempts[i].Scores.PushedBack; i-- {
		n++
	}
	return n
}

// Text is the summary for people, one fact a line.
func (s Summary) Text() string {
	var b strings.Builder
	if s.Done == 0 {
		b.WriteString("No scenarios done yet. Courage comes from reps: come back for one.\n")
		return b.String()
	}
	plural := "s"
	if s.Done == 1 {
		plural = ""
	}
	fmt.Fprintf(&b, "Done:           %d scenario%s\n", s.Done, plural)
	fmt.Fprintf(&b, "Average score:  %.0f/100\n", *s.Average)
	fmt.Fprintf(&b, "Pushed back:    %.0f%% of moments\n", *s.Courage*100)
	if s.Strongest != "" {
		fmt.Fprintf(&b, "Strongest:      %s\n", SkillLabel(s.Strongest))
	}
	if s.Weakest != "" {
		fmt.Fprintf(&b, "Work on:        %s\n", SkillLabel(s.Weakest))
	}
	if s.WeakestCategory != "" {
		fmt.Fprintf(&b, "Weakest moment: %ss (average %.0f)\n", s.WeakestCategory.Label(), s.ByCategory[s.WeakestCategory].Average)
	}
	return b.String()
}

func round1(f float64) float64 { return math.Round(f*10) / 10 }
func round2(f float64) float64 { return math.Round(f*100) / 100 }
