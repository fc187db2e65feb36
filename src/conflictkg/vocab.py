"""The closed vocabulary of conflictkg and the namespaces it uses."""

from __future__ import annotations

from rdflib import Namespace
from rdflib.namespace import DCAT, DCTERMS, OWL, PROV, RDF, RDFS, SDO, SKOS, XSD, DefinedNamespace
from rdflib.term import URIRef

CKG_NS = "https://w3id.org/conflictkg/ontology#"


class CKG(DefinedNamespace):
    """Terms of the conflictkg ontology (ontology/conflictkg.ttl); a test keeps the two in step."""

    _NS = Namespace(CKG_NS)
    _fail = True

    # classes
    Article: URIRef
    Report: URIRef
    Event: URIRef
    Actor: URIRef
    Place: URIRef
    Casualty: URIRef
    Evidence: URIRef
    ExtractionActivity: URIRef
    EventType: URIRef
    ActorKind: URIRef
    TimePrecision: URIRef
    CasualtyType: URIRef
    Certainty: URIRef
    # properties
    contentHash: URIRef
    reportedIn: URIRef
    reportOf: URIRef
    eventType: URIRef
    actor1: URIRef
    actor2: URIRef
    associatedActor: URIRef
    location: URIRef
    date: URIRef
    earliestDate: URIRef
    latestDate: URIRef
    dateText: URIRef
    timePrecision: URIRef
    monthDay: URIRef
    casualty: URIRef
    casualtyType: URIRef
    minCount: URIRef
    maxCount: URIRef
    approximate: URIRef
    ofActor: URIRef
    claimedBy: URIRef
    certainty: URIRef
    evidence: URIRef
    charStart: URIRef
    charEnd: URIRef
    confidence: URIRef
    reportCount: URIRef
    actorKind: URIRef
    country: URIRef
    admin1: URIRef
    countryCode: URIRef
    geoPrecision: URIRef
    sourceText: URIRef
    isBackground: URIRef
    isLead: URIRef
    model: URIRef
    modelVersion: URIRef
    # individuals
    Day: URIRef
    Week: URIRef
    Month: URIRef
    Year: URIRef
    Unknown: URIRef
    Killed: URIRef
    Injured: URIRef
    Captured: URIRef
    Abducted: URIRef
    Missing: URIRef
    Reported: URIRef
    Claimed: URIRef
    Disputed: URIRef
    Denied: URIRef
    Civilians: URIRef
    StateForces: URIRef
    RebelGroup: URIRef
    PoliticalMilitia: URIRef
    IdentityMilitia: URIRef
    Rioters: URIRef
    Protesters: URIRef
    ExternalForces: URIRef
    Unidentified: URIRef
    EventTypeScheme: URIRef
    # event types (ACLED) and sub-event types
    Battles: URIRef
    ExplosionsRemoteViolence: URIRef
    ViolenceAgainstCivilians: URIRef
    Protests: URIRef
    Riots: URIRef
    StrategicDevelopments: URIRef
    ArmedClash: URIRef
    GovernmentRegainsTerritory: URIRef
    NonStateActorOvertakesTerritory: URIRef
    ChemicalWeapon: URIRef
    AirDroneStrike: URIRef
    SuicideBomb: URIRef
    ShellingArtilleryMissileAttack: URIRef
    RemoteExplosiveLandmineIED: URIRef
    Grenade: URIRef
    SexualViolence: URIRef
    Attack: URIRef
    AbductionForcedDisappearance: URIRef
    PeacefulProtest: URIRef
    ProtestWithIntervention: URIRef
    ExcessiveForceAgainstProtesters: URIRef
    ViolentDemonstration: URIRef
    MobViolence: URIRef
    Agreement: URIRef
    Arrests: URIRef
    ChangeToGroupActivity: URIRef
    DisruptedWeaponsUse: URIRef
    HeadquartersOrBaseEstablished: URIRef
    LootingPropertyDestruction: URIRef
    NonViolentTransferOfTerritory: URIRef
    Other: URIRef


# Sub-event type -> (parent event type, ACLED label). Order is ACLED's.
EVENT_TYPES: dict[str, tuple[str, str]] = {
    "ArmedClash": ("Battles", "Armed clash"),
    "GovernmentRegainsTerritory": ("Battles", "Government regains territory"),
    "NonStateActorOvertakesTerritory": ("Battles", "Non-state actor overtakes territory"),
    "ChemicalWeapon": ("ExplosionsRemoteViolence", "Chemical weapon"),
    "AirDroneStrike": ("ExplosionsRemoteViolence", "Air/drone strike"),
    "SuicideBomb": ("ExplosionsRemoteViolence", "Suicide bomb"),
    "ShellingArtilleryMissileAttack": ("ExplosionsRemoteViolence", "Shelling/artillery/missile attack"),
    "RemoteExplosiveLandmineIED": ("ExplosionsRemoteViolence", "Remote explosive/landmine/IED"),
    "Grenade": ("ExplosionsRemoteViolence", "Grenade"),
    "SexualViolence": ("ViolenceAgainstCivilians", "Sexual violence"),
    "Attack": ("ViolenceAgainstCivilians", "Attack"),
    "AbductionForcedDisappearance": ("ViolenceAgainstCivilians", "Abduction/forced disappearance"),
    "PeacefulProtest": ("Protests", "Peaceful protest"),
    "ProtestWithIntervention": ("Protests", "Protest with intervention"),
    "ExcessiveForceAgainstProtesters": ("Protests", "Excessive force against protesters"),
    "ViolentDemonstration": ("Riots", "Violent demonstration"),
    "MobViolence": ("Riots", "Mob violence"),
    "Agreement": ("StrategicDevelopments", "Agreement"),
    "Arrests": ("StrategicDevelopments", "Arrests"),
    "ChangeToGroupActivity": ("StrategicDevelopments", "Change to group/activity"),
    "DisruptedWeaponsUse": ("StrategicDevelopments", "Disrupted weapons use"),
    "HeadquartersOrBaseEstablished": ("StrategicDevelopments", "Headquarters or base established"),
    "LootingPropertyDestruction": ("StrategicDevelopments", "Looting/property destruction"),
    "NonViolentTransferOfTerritory": ("StrategicDevelopments", "Non-violent transfer of territory"),
    "Other": ("StrategicDevelopments", "Other"),
}
PARENT_TYPES: dict[str, str] = {
    "Battles": "Battles",
    "ExplosionsRemoteViolence": "Explosions/Remote violence",
    "ViolenceAgainstCivilians": "Violence against civilians",
    "Protests": "Protests",
    "Riots": "Riots",
    "StrategicDevelopments": "Strategic developments",
}

SEM = Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
GEO = Namespace("http://www.w3.org/2003/01/geo/wgs84_pos#")
GEOSPARQL = Namespace("http://www.opengis.net/ont/geosparql#")
SCHEMA = SDO
VOID = Namespace("http://rdfs.org/ns/void#")
SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
WD = Namespace("http://www.wikidata.org/entity/")
GEONAMES = "https://sws.geonames.org/"

PREFIXES: dict[str, str] = {
    "ckg": CKG_NS,
    "schema": str(SDO),
    "prov": str(PROV),
    "sem": str(SEM),
    "skos": str(SKOS),
    "owl": str(OWL),
    "rdf": str(RDF),
    "rdfs": str(RDFS),
    "xsd": str(XSD),
    "geo": str(GEO),
    "geosparql": str(GEOSPARQL),
    "dcterms": str(DCTERMS),
    "dcat": str(DCAT),
    "void": str(VOID),
    "wd": str(WD),
}


def sparql_prefixes() -> str:
    """PREFIX lines for every namespace in PREFIXES."""
    return "".join(f"PREFIX {p}: <{ns}>\n" for p, ns in PREFIXES.items())


def with_prefixes(query: str) -> str:
    """``query`` with PREFIX lines added for the usual prefixes it uses but does not declare."""
    import re

    declared = {m.lower() for m in re.findall(r"(?im)^\s*PREFIX\s+([\w-]*):", query)}
    missing = [p for p in PREFIXES if p not in declared and re.search(rf"(?<![\w<]){p}:", query)]
    return "".join(f"PREFIX {p}: <{PREFIXES[p]}>\n" for p in missing) + query
