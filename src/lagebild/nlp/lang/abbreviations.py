"""Abbreviations after which a full stop does not end a sentence, per language."""

GERMAN = frozenset(
    """
    abs abt allg art bd bspw bzgl bzw ca chr co dipl dr dt ebd ehem eig entspr erw etc ev evtl gegr gen
    ggf grds hl hr hrsg inkl insb jh jhd jr kap kfm kl kt lt max med min mio mrd nr od orig pfr pkt prof
    rd rel sog sr st std str tel tsd usw vgl vs zb zt zz zzt abg bgm bzgl frl geb gest gez mag mdb mdl
    ing jan feb apr aug sep sept okt nov dez
    """.split()
)

ENGLISH = frozenset(
    """
    adm approx apr aug brig capt cf col co corp dec dept dr e.g est etc feb fig gen gov hon i.e inc jan
    jr jul jun lt ltd maj mar messrs mr mrs ms mt no nov oct op pp prof rep rev sen sep sept sgt sr st
    vol vs
    """.split()
)

MONTHS = frozenset(
    """
    januar jänner februar märz april mai juni juli august september oktober november dezember
    january february march april may june july august september october november december
    jan feb mär mar apr jun jul aug sep sept okt oct nov dez dec
    """.split()
)
