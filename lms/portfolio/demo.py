"""Demo portfolio for ``make run``: Camille Martin's REMN-2019 dossier, shared with the demo jury member.

The two practice examples are fictional but written as a médiatrice numérique would: a collective
workshop on online procedures at a social centre, and the individual support of a senior. Idempotent:
running it again changes nothing that exists.
"""

from datetime import timedelta

from django.db import transaction
from django.utils import timezone

from lms.accounts.models import User
from lms.core.demo import ensure_demo_allowed
from lms.frameworks.models import Block, Competency, Framework

from .models import Portfolio, PortfolioShare
from .services import (
    portfolio_collect_evidence,
    portfolio_create,
    portfolio_honour_statement_sign,
    portfolio_share_create,
    practice_example_create,
)

LEARNER_EMAIL = "apprenant@tremplin.demo"
JURY_EMAIL = "jury@tremplin.demo"
FRAMEWORK_CODE = "REMN-2019"
SHARE_DAYS = 30

EXAMPLES = [
    {
        "block": "CCP1",
        "competencies": ("CP1", "CP2", "CP4"),
        "title": "Atelier collectif « Découvrir les démarches en ligne » au centre social",
        "tasks": (
            "J'ai conçu et animé un cycle de quatre ateliers de deux heures pour huit habitant·es du quartier "
            "qui devaient faire seul·es des démarches qu'on leur imposait en ligne (CAF, France Travail, "
            "ameli).\n\n"
            "Avant le cycle, j'ai mené un court entretien individuel avec chaque personne pour repérer ce "
            "qu'elle savait déjà faire et ce qui la bloquait : créer une adresse e-mail, retenir un mot de "
            "passe, reconnaître un site officiel.\n\n"
            "J'ai construit une progression : séance 1, la messagerie et les mots de passe ; séance 2, "
            "FranceConnect et les sites en .gouv.fr ; séance 3, une simulation de déclaration trimestrielle "
            "sur un compte de démonstration ; séance 4, repérer les arnaques et savoir où se faire aider. "
            "Chaque séance alternait une démonstration courte au vidéoprojecteur et une mise en pratique "
            "en binôme. Je n'ai jamais saisi à la place des personnes : je guidais, elles faisaient.\n\n"
            "Conditions : groupe hétérogène (deux personnes allophones, une personne malvoyante), six "
            "ordinateurs pour huit, une connexion parfois instable."
        ),
        "means": (
            "Six ordinateurs portables de l'espace numérique, deux tablettes, un vidéoprojecteur. Comptes de "
            "démonstration préparés à l'avance. Un livret de huit pages que j'ai rédigé en FALC, imprimé en "
            "corps 16 pour la personne malvoyante. Le quiz « ABC Diag » de Pix pour le positionnement de départ."
        ),
        "collaborators": (
            "La référente familles du centre social, qui a orienté les participant·es ; une bénévole "
            "traductrice (arabe) présente aux deux premières séances ; la conseillère France services du "
            "quartier, venue en séance 4 présenter son accueil."
        ),
        "context_structure": "Centre social Les Tilleuls",
        "context_service": "Espace numérique",
        "context_period": "Octobre à novembre 2025, un atelier par semaine",
        "extra": (
            "Bilan : sept personnes sur huit ont terminé le cycle ; six ont fait seules leur déclaration "
            "suivante, d'après le questionnaire de fin. J'ai ajouté une séance de rattrapage individuelle "
            "pour la personne qui avait manqué deux ateliers."
        ),
    },
    {
        "block": "CCP1",
        "competencies": ("CP3", "CP4"),
        "title": "Accompagnement individuel d'une personne âgée vers l'usage de sa tablette",
        "tasks": (
            "Mme R., 79 ans, veuve, venait de recevoir une tablette de ses enfants. Elle voulait faire des "
            "appels vidéo avec ses petits-enfants et consulter seule ses remboursements de santé.\n\n"
            "Au premier rendez-vous, j'ai pris le temps de l'écouter et de comprendre ses craintes (« casser "
            "quelque chose », « se faire arnaquer »). Nous avons fixé ensemble deux objectifs et un rythme : "
            "cinq rendez-vous de quarante-cinq minutes.\n\n"
            "J'ai adapté la tablette avec elle (taille du texte, luminosité, raccourcis sur l'écran "
            "d'accueil), puis nous avons répété les gestes jusqu'à ce qu'elle les fasse sans moi. Pour "
            "l'espace ameli, je lui ai montré comment reconnaître le vrai site et comment ranger son "
            "identifiant dans un carnet gardé chez elle, sans jamais noter le mot de passe à ma place."
        ),
        "means": (
            "Sa propre tablette (jamais un appareil de l'espace, pour qu'elle retrouve ses repères chez elle), "
            "une fiche mémo illustrée que j'ai faite avec des captures d'écran de son appareil, un "
            "téléphone de l'espace pour simuler un premier appel vidéo."
        ),
        "collaborators": (
            "Sa fille, jointe par téléphone avec l'accord de Mme R. pour organiser le premier appel ; "
            "l'animatrice seniors du centre social, qui m'a orientée vers elle."
        ),
        "context_structure": "Centre social Les Tilleuls",
        "context_service": "Accueil numérique individuel",
        "context_period": "Janvier à février 2026, cinq rendez-vous",
        "extra": (
            "Au dernier rendez-vous, Mme R. a appelé sa petite-fille seule et retrouvé son dernier "
            "remboursement. Elle participe désormais à l'atelier seniors du jeudi."
        ),
    },
]


@transaction.atomic
def demo_portfolio_load() -> Portfolio | None:
    """Create the demo learner's REMN-2019 portfolio (examples, honour statement, jury share) if missing."""
    ensure_demo_allowed()
    learner = User.objects.filter(email=LEARNER_EMAIL).first()
    jury = User.objects.filter(email=JURY_EMAIL).first()
    framework = Framework.objects.filter(code=FRAMEWORK_CODE).first()
    if learner is None or framework is None:
        return None
    portfolio = Portfolio.objects.filter(user=learner, framework=framework).first()
    if portfolio is None:
        portfolio = portfolio_create(user=learner, framework=framework)
    if not portfolio.examples.exists():
        for example in EXAMPLES:
            block = Block.objects.get(framework=framework, code=example["block"])
            competencies = Competency.objects.filter(framework=framework, block=block, code__in=example["competencies"])
            fields = {key: value for key, value in example.items() if key not in ("block", "competencies")}
            practice_example_create(portfolio=portfolio, block=block, competencies=competencies, **fields)
    portfolio_collect_evidence(portfolio=portfolio)
    if not portfolio.has_honour_statement:
        portfolio_honour_statement_sign(portfolio=portfolio, accepted=True)
    if jury is not None and not PortfolioShare.objects.filter(portfolio=portfolio, jury_member=jury).exists():
        portfolio_share_create(
            portfolio=portfolio,
            jury_email=jury.email,
            expires_on=timezone.localdate() + timedelta(days=SHARE_DAYS),
            by=learner,
        )
    return portfolio
