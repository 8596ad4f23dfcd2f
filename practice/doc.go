// Package practice is the push-back gym: reps rehearse the moments before
// they meet them on a call. Courage comes from reps.
//
// A scenario is something a prospect says that the rep should push back on
// (an incorrect fact, an unfounded conclusion, a prediction about the
// seller), with why it is wrong and a model push-back. The library is the
// playbook's scenarios (the embedded playbook/scenarios.yaml plus a team's
// own) and one scenario per misconception of the playbook's facts
// (FromFacts).
//
// A Session plays scenarios for one rep:
//
//   - Next picks a scenario by spaced repetition (Leitner boxes worked out
//     from the rep's attempts, see Schedule): scenarios scored low come back
//     within minutes, ones handled well after days, then weeks; new ones at a
//     difficulty that suits the rep's recent scores.
//   - Begin and Conversation.Say play it: when the rep only warns or asks
//     permission, the prospect answers in character (Answer: "Sure, go
//     ahead", "Make it quick", "Bring figures") and the rep goes on.
//   - Finish scores the whole reply with the engine's response judge (the
//     same verdict as call analysis), adds an overall score, one concrete tip
//     and the model answer, records the attempt, and offers the FEAR reframe
//     (False Expectations Appearing Real) with an easier scenario when the
//     rep keeps letting moments go.
//   - Summary sums up: scenarios done, average, strongest and weakest skill,
//     weakest kind of moment.
//
// The persona answers, tips, score weights, repetition intervals and FEAR
// thresholds are in coach.yaml, embedded.
//
// # Storage
//
// A Store keeps attempts; schedules and summaries are worked out from them.
// practice/sqlite keeps them in a local file (practice.db in the data
// directory: --data DIR, else $XDG_DATA_HOME/pushback, else
// ~/.local/share/pushback on Linux and the user config directory elsewhere);
// practice/remote sends them to a team server.
//
// # Team server API
//
// practice/remote speaks two endpoints; a server implements them. Requests
// carry "Authorization: Bearer TOKEN" when a token is set. Times are RFC 3339
// in UTC. Reps are matched case-insensitively.
//
// POST /api/v1/practice/attempts records one attempt. Body (an Attempt):
//
//	{
//	  "rep": "Dana Reyes",
//	  "scenario_id": "fwd-price-hike",
//	  "category": "forward_looking",
//	  "reply": "Lisa, I see that one differently. Can I share why? ...",
//	  "scores": {"pushed_back": true, "warning": true, "permission": true, "permission_first": true,
//	             "respectful": true, "calm": true, "gave_reason": true, "used_name": true},
//	  "score": 100,
//	  "at": "2025-03-04T15:04:05Z"
//	}
//
// "respectful" and "calm" are null when "pushed_back" is false; "score" is
// 0 to 100. The server answers 201 Created (or 200) with any body.
//
// GET /api/v1/practice/progress?rep=ID returns the rep's attempts, oldest
// first:
//
//	{"attempts": [ {...attempt...}, ... ]}
//
// Errors are any non-2xx status, with a JSON body {"error": "message"} when
// the server has one; 400, 401, 403, 404 and 429 map to EINVALID,
// EUNAUTHORIZED, EFORBIDDEN, ENOTFOUND and ERATELIMIT.
//
// # pushback.practice/v1
//
// `pushback practice --scenario ID --reply TEXT --format json` prints a
// Result:
//
//	{
//	  "schema": "pushback.practice/v1",
//	  "status": "scored",              // or "continue": the rep only warned or asked; go on with a second --reply
//	  "rep": "Dana Reyes",
//	  "scenario": {"id": "fwd-price-hike", "category": "forward_looking", "industry": "software",
//	               "persona": "sceptical CFO", "prospect": "Lisa", "difficulty": "easy",
//	               "statement": "...", "why_wrong": "...", "model_pushback": "...", "topics": ["price"]},
//	  "reply": "everything the rep said, in order",
//	  "turns": [{"speaker": "prospect", "text": "..."}, {"speaker": "rep", "text": "..."}],
//	  "prospect_answer": "Sure, go ahead.",   // when the rep only warned or asked permission
//	  "scores": {"pushed_back": true, "warning": true, "permission": true, "permission_first": true,
//	             "respectful": true, "calm": true, "gave_reason": true, "used_name": true, "overall": 100},
//	  "reasons": ["..."],                     // the judge's reasons
//	  "evidence": {"warning": "I see that one differently"},
//	  "tip": "one concrete thing to do better",
//	  "model_answer": "...",                  // absent while status is "continue"
//	  "fear_reframe": {"message": "Fear is False Expectations Appearing Real. ...", "let_go": 3, "of": 3,
//	                   "easier_scenario": {...}},   // when the rep keeps letting moments go
//	  "recorded": true,                       // stored in the progress store
//	  "at": "2025-03-04T15:04:05Z"
//	}
package practice
