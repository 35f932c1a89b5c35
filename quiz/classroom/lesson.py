"""The teacher's guide: discussion questions per quiz topic, as translatable UI text.

Questions are keyed by topic id (the ids in ``statements/*/quiz.yaml``); a quiz topic without its
own questions gets the general ones, so a new topic never leaves a gap in the guide.
"""

from __future__ import annotations

from flask_babel import lazy_gettext as _l

GENERAL_QUESTIONS = (
    _l("Vilket påstående inom det här ämnet var svårast att ta ställning till, och varför?"),
    _l("Vem påverkas mest av hur kommunen gör här, och vems röst hörs minst i debatten?"),
)

DISCUSSION_QUESTIONS = {
    "barn": (
        _l("När ska socialtjänsten gå in i en familj, och när ska den låta bli?"),
        _l("Hur mycket ska barn och unga själva få säga till om i beslut som rör dem?"),
    ),
    "boende": (
        _l("Är bostad en rättighet eller något man ska förtjäna, till exempel genom att vara nykter?"),
        _l("Vad händer med en familj som vräks, och vem betalar i slutändan?"),
    ),
    "vald": (
        _l("Vad behöver den som utsätts för våld i en nära relation för att kunna lämna?"),
        _l("Ska kommunen lägga mer på stöd till dem som utsätts eller på att få förövare att sluta?"),
    ),
    "missbruk": (
        _l("Ska missbruk mötas främst med vård, med krav eller med straff?"),
        _l("Vad talar för och emot att kommunen erbjuder insatser som minskar skador, till exempel sprutbyte?"),
    ),
    "bistand": (
        _l("Vilka krav är rimliga att ställa på den som får försörjningsstöd?"),
        _l("Vad är skillnaden mellan ett krav som hjälper och ett krav som straffar?"),
    ),
    "personal": (
        _l("Hur märker den som behöver hjälp om socialtjänsten har för få eller för stressade medarbetare?"),
        _l("Vad skulle du prioritera: högre löner, fler anställda eller mindre administration?"),
    ),
    "lss": (
        _l("Vad betyder det att kunna leva som andra, och vad behövs för det?"),
        _l("Vem ska bestämma över stödet: personen själv, kommunen eller staten?"),
    ),
    "nyanlanda": (
        _l("Vilket stöd ska nyanlända och utsatta EU-medborgare ha rätt till, och vem ska betala?"),
        _l("Är det rättvist att stödet skiljer sig beroende på vilket medborgarskap man har?"),
    ),
    "regi": (
        _l("Spelar det roll om en verksamhet drivs av kommunen, ett företag eller en ideell förening?"),
        _l("Vad kan ideella organisationer göra som kommunen inte kan, och tvärtom?"),
    ),
}


def questions_for(topic_id: str) -> tuple:
    return DISCUSSION_QUESTIONS.get(topic_id, GENERAL_QUESTIONS)
