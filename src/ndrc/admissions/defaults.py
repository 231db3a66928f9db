"""What a centre starts with: the e-mails of the stages and the lines of the interview grid.

The e-mails are French on purpose: they go to the applicant as the centre writes them, and the
centre edits them. Placeholders between braces are replaced when an e-mail is sent
(`emails.PLACEHOLDERS`).
"""

from django.utils.translation import gettext_lazy as _

from ndrc.admissions.models import EmailStep

# step → (send by default, subject, body)
STAGE_EMAILS: dict[str, tuple[bool, str, str]] = {
    EmailStep.RECEIVED: (
        False,
        "Votre candidature — {formation}",
        "Bonjour {prenom},\n\nNous avons bien reçu votre candidature à la formation "
        "« {formation} ». Nous revenons vers vous très vite pour la suite.\n\n{centre}",
    ),
    EmailStep.INFORMATION_MEETING: (
        True,
        "Réunion d'information — {formation}",
        "Bonjour {prenom},\n\nVotre dossier est complet : vous êtes invité(e) à la prochaine "
        "réunion d'information de la formation « {formation} ». Nous vous en envoyons la date "
        "et le lieu.\n\n{centre}",
    ),
    EmailStep.INTERVIEW: (
        True,
        "Entretien de motivation — {formation}",
        "Bonjour {prenom},\n\nVous êtes invité(e) à un entretien de motivation avec le "
        "responsable de la formation « {formation} ». Nous vous proposerons un rendez-vous.\n\n"
        "{centre}",
    ),
    EmailStep.POSITIONING: (
        False,
        "Positionnement — {formation}",
        "Bonjour {prenom},\n\nNous étudions votre parcours pour le personnaliser (positionnement)."
        "\n\n{centre}",
    ),
    EmailStep.ACCEPTED: (
        True,
        "Admission — {formation}",
        "Bonjour {prenom},\n\nNous avons le plaisir de vous annoncer votre admission à la "
        "formation « {formation} ». Elle sera définitivement validée par la signature d'un "
        "contrat d'apprentissage, sous réserve de places disponibles. Notre service relations "
        "entreprises vous accompagne dans votre recherche d'employeur.\n\n{centre}",
    ),
    EmailStep.COMPANY_FOUND: (
        False,
        "Entreprise trouvée — {formation}",
        "Bonjour {prenom},\n\nUne entreprise s'est engagée à vous accueillir. Nous préparons "
        "votre contrat.\n\n{centre}",
    ),
    EmailStep.CONTRACT_SIGNED: (
        False,
        "Contrat signé — {formation}",
        "Bonjour {prenom},\n\nVotre contrat est signé. Bienvenue !\n\n{centre}",
    ),
    EmailStep.ENROLLED: (
        True,
        "Votre inscription — {formation}",
        "Bonjour {prenom},\n\nVotre inscription à la formation « {formation} » est "
        "enregistrée. Vous recevrez vos accès avant la rentrée.\n\n{centre}",
    ),
    EmailStep.WITHDRAWN: (
        False,
        "Votre désistement — {formation}",
        "Bonjour {prenom},\n\nNous avons enregistré votre désistement de la formation "
        "« {formation} ». Bonne continuation.\n\n{centre}",
    ),
    EmailStep.REFUSED: (
        True,
        "Votre candidature — {formation}",
        "Bonjour {prenom},\n\nNous ne pouvons pas donner une suite favorable à votre "
        "candidature à la formation « {formation} ».\n\n{centre}",
    ),
}

INTERVIEW_CRITERIA = (
    ("Motivation pour le métier et la formation", "Projet professionnel, connaissance du métier"),
    ("Aisance relationnelle et expression orale", "Écoute, clarté, argumentation"),
    ("Connaissance de l'alternance", "Rythme, droits et devoirs de l'apprenti"),
    ("Recherche d'entreprise engagée", "Démarches faites, secteurs visés, mobilité"),
    ("Prérequis scolaires", "Niveau bac, bulletins, maîtrise de l'écrit"),
)

# What the levels of the grid mean (an interview is not graded out of 20).
GRID_LEVELS = (
    (1, _("Insuffisant")),
    (2, _("À renforcer")),
    (3, _("Satisfaisant")),
    (4, _("Très satisfaisant")),
)
