# Le récapitulatif d’équipe (issue 17), en français.
# Chaque message a son jumeau dans ../en/manager.ftl.
# Typographie française : espace fine insécable (U+202F) avant « : ? ! % », apostrophe ’.

# French plural rules put 0 and 1 in "one".
manager-subject = { $count ->
    [0] Les objectifs de votre équipe : rien ne demande votre attention
    [one] Les objectifs de votre équipe : { $count } demande votre attention
   *[other] Les objectifs de votre équipe : { $count } demandent votre attention
}
manager-header-weekly = Récapitulatif hebdomadaire de l’équipe
manager-header-monthly = Récapitulatif mensuel de l’équipe
manager-greeting = Bonjour { $name },
manager-intro = { $people ->
    [one] Où en sont les objectifs de { $people } personne active de votre ligne hiérarchique au { $date }.
   *[other] Où en sont les objectifs des { $people } personnes actives de votre ligne hiérarchique au { $date }.
}
manager-pace-heading = Objectifs publiés par rythme
manager-pace-count = { $pace } : { $count }
manager-flagged-heading = En retard et à risque
manager-flagged-none = Aucun objectif n’est en retard ni à risque.
manager-flagged-more = { $count ->
    [one] …et { $count } autre
   *[other] …et { $count } autres
}
manager-owner = Responsable : { $name }
manager-late-heading = Responsables d’objectifs dont la date de fin est dépassée
manager-late-none = Aucun objectif n’a dépassé sa date de fin.
manager-late-owner = { $name } : { $count ->
    [one] { $count } objectif
   *[other] { $count } objectifs
}
manager-adoption-heading = Adoption
manager-adoption = { $with } personnes actives sur { $active } ont un objectif publié ({ $percent } %)
manager-change-heading = Depuis la période précédente
manager-change-none = Pas encore de récapitulatif précédent à comparer.
manager-change-off-track = En retard : { $now } ({ $delta })
manager-change-at-risk = À risque : { $now } ({ $delta })
manager-change-late = Responsables avec une date de fin dépassée : { $now } ({ $delta })
manager-change-adoption = Adoption : { $now } % ({ $delta } points)
manager-escalated-heading = Remontés jusqu’à vous
manager-escalated = Rappelé { $weeks } semaines de suite sans mise à jour
manager-open-goal = Ouvrir l’objectif
manager-footer-weekly = Vous recevez ce récapitulatif hebdomadaire de { $org } parce que des personnes vous sont rattachées.
manager-footer-monthly = Vous recevez ce récapitulatif mensuel de { $org } parce que des personnes vous sont rattachées.
manager-unsubscribe = Se désabonner des récapitulatifs d’équipe
