# Courriels de relance et d’encouragement (docs/notifications.md).
# Typographie française : espace fine insécable (U+202F) avant : ? ! et dans les guillemets.
notification-subject-nudge = { $sender } vous relance sur « { $goal } »
notification-subject-cheer = { $sender } vous encourage sur « { $goal } »
notification-subject-many = { $count } relances et encouragements sur vos objectifs
notification-greeting = Bonjour { $name },
notification-nudge = { $sender } vous relance sur « { $goal } » : du nouveau ?
notification-cheer = { $sender } vous encourage sur « { $goal } » : continuez comme ça !
notification-open = Ouvrir l’objectif
notification-preferences = Choisir les e-mails que vous recevez
notification-unsubscribe = Ne plus recevoir de relances ni d’encouragements
