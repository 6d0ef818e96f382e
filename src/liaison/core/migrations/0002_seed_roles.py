from django.db import migrations

ROLE_CODES = ["viewer", "officer", "duty_officer", "liaison", "admin"]


def add_roles(apps, schema_editor):
    Role = apps.get_model("core", "Role")
    for code in ROLE_CODES:
        Role.objects.get_or_create(code=code)


class Migration(migrations.Migration):
    dependencies = [("core", "0001_initial")]
    operations = [migrations.RunPython(add_roles, migrations.RunPython.noop)]
