# Nudge and cheer emails (docs/notifications.md).
notification-subject-nudge = { $sender } nudged you about “{ $goal }”
notification-subject-cheer = { $sender } cheered you on “{ $goal }”
notification-subject-many = { $count } nudges and cheers on your goals
notification-greeting = Hello { $name },
notification-nudge = { $sender } nudged you about “{ $goal }”: Update?
notification-cheer = { $sender } cheered you on “{ $goal }”: Keep it up!
notification-open = Open the goal
notification-preferences = Choose which emails you receive
notification-unsubscribe = Stop nudge and cheer emails
