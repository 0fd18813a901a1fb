from ujikom.core.demo import load_demo
from ujikom.registry.models import Participant, TrainingProgram
from ujikom.registry.nik import nik_problems


def test_demo_has_the_blk_training_batch_with_valid_participants(db):
    load_demo()

    program = TrainingProgram.objects.get(provider__code="blk-tangerang")
    participants = list(Participant.objects.filter(program=program))
    assert program.name == "Pelatihan Operator Komputer Muda Angkatan I"
    assert len(participants) == 20
    assert {p.city_id for p in participants} == {"36.71"}
    assert all(not nik_problems(p.nik, birth_date=p.birth_date, sex=p.sex) for p in participants)
