// Package pushback is the domain of the Pushback coach: sales calls, the
// moments in them where a prospect says something the rep should push back on,
// and what the rep did about it.
//
// The method. A prospect says something the seller sees differently: a claim
// that is factually wrong (IncorrectFact), a conclusion that is not well
// founded (UnfoundedConclusion), or a prediction about the seller or its
// company (ForwardLooking). The rep can let it go or push back. Elite reps push
// back with craft: they warn that they see it differently, ask permission, and
// only then share why, respectfully and calmly.
//
// Data flows one way: transcript bytes -> Call -> Analysis -> report, store or
// live nudge. The root package holds only the types and the errors; each
// concern (transcript formats, language cues, the detector, coaching, storage,
// HTTP) lives in a package of its own.
package pushback
