# Le récapitulatif hebdomadaire (CONTRACT §9), en français.
# Chaque message a son jumeau dans ../en/digest.ftl ; src/mail/tests.rs vérifie les deux.
# Typographie française : espace fine insécable (U+202F) avant « : ? ! », apostrophe ’.

# French plural rules put 0 and 1 in "one": "1 objectif", "2 objectifs".
digest-subject = { $count ->
    [one] { $count } objectif attend votre mise à jour
   *[other] { $count } objectifs attendent votre mise à jour
}
digest-header = Récapitulatif hebdomadaire des objectifs
digest-greeting = Bonjour { $name },
digest-intro = { $count ->
    [one] Cet objectif dont vous êtes responsable demande votre attention :
   *[other] Ces { $count } objectifs dont vous êtes responsable demandent votre attention :
}
digest-reason-not-updated-28-days = Pas de mise à jour depuis 28 jours
digest-reason-past-end-date = Sa date de fin est dépassée
digest-end-date = Date de fin : { $date }
digest-ended = { $days ->
    [0] Terminé aujourd’hui, le { $date }
    [1] Terminé hier, le { $date }
   *[other] Terminé il y a { $days } jours, le { $date }
}
# « Progression : 40 % » : espace fine insécable avant le signe pour cent aussi.
digest-progress = Progression : { $percent } %
digest-pace-on-track = En bonne voie
digest-pace-at-risk = À surveiller
digest-pace-off-track = En retard
digest-last-updated = { $days ->
    [0] Mis à jour aujourd’hui
    [1] Mis à jour hier
   *[other] Mis à jour il y a { $days } jours
}
digest-never-updated-since = Aucune mise à jour depuis sa publication le { $date }
digest-never-updated = Jamais mis à jour
# Après un titre qu’un autre objectif du récapitulatif porte aussi.
digest-context-parent = sous « { $parent } »
digest-type-personal = objectif personnel
digest-type-team = objectif d’équipe
digest-type-organization = objectif de l’organisation
digest-update-progress = Mettre à jour la progression
# Après la liste, quand le récapitulatif ne montre que les objectifs les plus urgents.
digest-more = { $count ->
    [one] …et { $count } autre objectif
   *[other] …et { $count } autres objectifs
}
digest-see-all = Voir tous vos objectifs
digest-footer = Vous recevez ce récapitulatif hebdomadaire de { $org } parce que vous êtes responsable de ces objectifs. Un objectif y figure s’il n’a pas été mis à jour depuis 28 jours ou si sa date de fin est dépassée.
digest-preferences = Préférences d’e-mail
digest-unsubscribe = Se désabonner de ce récapitulatif

# Dates : « 30 novembre 2026 », et « 1er » pour le premier du mois.
date-long = { $day ->
    [1] 1er
   *[other] { $day }
} { $month } { $year }
month-1 = janvier
month-2 = février
month-3 = mars
month-4 = avril
month-5 = mai
month-6 = juin
month-7 = juillet
month-8 = août
month-9 = septembre
month-10 = octobre
month-11 = novembre
month-12 = décembre
