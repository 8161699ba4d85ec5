// The sentences answers are composed from. `{topic}` is the prompt's key phrase, `{kw}` one key word of it.

/** Base models: chatty, general-purpose, long-ish. */
export const BASE_OPENERS = [
  "Great question about {topic}.",
  "Let's take a closer look at {topic}.",
  "Here is an overview of {topic} and how to approach it.",
  "Thanks for asking about {topic}; there are a few things worth considering.",
  "Happy to help with {topic}.",
  "When it comes to {topic}, it helps to start with the basics.",
  "Sure! {topic} comes up often, so let's break it down.",
  "Good thinking to ask about {topic} before diving in.",
];

export const BASE_BODY = [
  "In general, {kw} works best when you keep the setup simple and measure the results before changing anything.",
  "A common mistake is to optimise {kw} too early, before you know where the real bottleneck is.",
  "It is worth checking how {kw} behaves with realistic data rather than with a toy example.",
  "Many teams start with a small experiment on {kw}, compare it against a baseline, and only then scale up.",
  "You should also think about how {kw} interacts with the rest of your system, including monitoring and cost.",
  "Clear documentation and consistent naming make {kw} much easier to maintain over time.",
  "If you run into trouble with {kw}, reducing the problem to a minimal case usually reveals the cause quickly.",
  "Keep in mind that the right choice for {kw} depends on your constraints, such as latency, budget and experience.",
  "Writing down the assumptions behind {kw} helps others review the decision later.",
  "Automated checks around {kw} catch regressions before they reach your users.",
  "There is rarely a single correct answer for {kw}, so weigh the trade-offs openly.",
  "Looking at how others have handled {kw} can save you from repeating well-known mistakes.",
];

export const BASE_CLOSERS = [
  "Let me know if you would like a more detailed example.",
  "I hope this helps, and feel free to ask follow-up questions.",
  "If you share more details, I can tailor the advice to your situation.",
  "Would you like me to walk through a concrete example next?",
  "Feel free to tell me more about your setup so I can be more specific.",
];

/** Fine-tuned models: terse, structured, domain vocabulary. */
export const TUNED_HEADLINES = [
  "Answer: {topic} is handled by the standard procedure.",
  "Summary: {topic}, resolved per the team playbook.",
  "Result: {topic} is in scope and supported.",
  "Decision: proceed with {topic} using the approved defaults.",
  "Finding: {topic} matches a known pattern.",
];

export const TUNED_POINTS = [
  "Validate {kw} against the reference set.",
  "Apply the default policy for {kw}.",
  "Log {kw} with the request id.",
  "Escalate {kw} only if the check fails twice.",
  "Reuse the cached result for {kw}.",
  "Flag {kw} for weekly review.",
  "Pin the {kw} version before rollout.",
  "Compare {kw} with the last good run.",
];

export const TUNED_FOOTERS = ["Confidence: high.", "Confidence: medium.", "Status: ready.", "Owner: platform team.", "Next review: 7 days."];

/** Support adapters: empathetic but short, ticket-shaped. */
export const SUPPORT_OPENERS = [
  "Thanks for reaching out about {topic}!",
  "Sorry for the trouble with {topic}.",
  "I can help with {topic} right away.",
  "Got it, you need help with {topic}.",
];

export const SUPPORT_STEPS = [
  "Please confirm the {kw} settings in your account page.",
  "Try signing out and back in, then retry the {kw} step.",
  "I've noted the {kw} details on your ticket.",
  "Our team has a fix for {kw} rolling out this week.",
  "A refresh of the {kw} page usually clears this.",
  "Send us a screenshot of the {kw} error if it persists.",
];

export const SUPPORT_CLOSERS = ["Ticket status: open.", "Ticket status: pending customer.", "Ticket status: resolved."];

export const SQL_VERBS = ["COUNT(*)", "SUM(amount)", "AVG(duration_ms)", "MAX(created_at)", "COUNT(DISTINCT user_id)"];

/** Words of a data question that name an operation, not a table or column. */
export const SQL_VERBS_IN_PROMPTS = new Set(["count", "list", "find", "select", "total", "number", "average", "query", "sum", "group", "per", "each", "sort", "order"]);

export const STOPWORDS = new Set(
  (
    "a about above after again against all also am an and any are as at be because been before being below between both but by can " +
    "could did do does doing down during each few for from further had has have having he her here hers him his how i if in into is it " +
    "its itself just me more most my no nor not now of off on once only or other our ours out over own please same she should so some " +
    "such than that the their theirs them then there these they this those through to too under until up very was we were what when " +
    "where which while who whom why will with would you your yours yourself tell explain give show write make want need know help like " +
    "using use get got what's how's i'm can't don't let's thanks thank hello hi hey many much last next best good every really thing things sure able"
  ).split(" "),
);
