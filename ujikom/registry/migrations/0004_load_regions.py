"""Load the provinces and cities/regencies (Kepmendagri codes) from the npm package idn-area-data."""

from django.db import migrations


def load(apps, schema_editor):
    from ujikom.registry.regions import RegionDataMissing, load_regions

    try:
        load_regions(model=apps.get_model("registry", "Region"))
    except RegionDataMissing as error:
        raise RuntimeError(
            "Migrasi registry.0004_load_regions gagal: data wilayah (paket npm idn-area-data) tidak "
            f"tersedia. Jalankan make install / npm ci lalu ulangi migrasi. ({error})"
        ) from error


class Migration(migrations.Migration):
    dependencies = [("registry", "0002_registry_permissions")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
