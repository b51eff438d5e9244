"""Names searched and sorted the Vietnamese way on SQLite and PostgreSQL alike: members get a search key (lower case,
no tones, "đ" as "d": "nguyen van a" finds "Nguyễn Văn A"), units a name key in Vietnamese letter order ("Đ" after
"D", not after "Z"); stored names are normalised to NFC on the way."""

from django.db import migrations, models

BATCH = 2000


def _rewrite(queryset, fields, change) -> None:
    batch = []
    for row in queryset.iterator(chunk_size=BATCH):
        change(row)
        batch.append(row)
        if len(batch) == BATCH:
            queryset.model.objects.bulk_update(batch, fields)
            batch = []
    queryset.model.objects.bulk_update(batch, fields)


def fill(apps, schema_editor):
    from xeploai.lib.vnsort import name_sort_key, normalise_name, search_key, text_sort_key

    def member(row):
        row.full_name = normalise_name(row.full_name)
        row.sort_key, row.search_key = name_sort_key(row.full_name), search_key(row.full_name)[:120]

    def unit(row):
        row.name = normalise_name(row.name)
        row.name_key = text_sort_key(row.name)[:600]

    _rewrite(apps.get_model("orgs", "Member").objects.only("id", "full_name"),
             ["full_name", "sort_key", "search_key"], member)
    _rewrite(apps.get_model("orgs", "Organization").objects.only("id", "name"), ["name", "name_key"], unit)


class Migration(migrations.Migration):
    dependencies = [("orgs", "0003_history_for_organisations_and_supervisors")]

    operations = [
        migrations.AddField(
            model_name="member", name="search_key",
            field=models.CharField(default="", editable=False, max_length=120),
        ),
        migrations.AddField(
            model_name="organization", name="name_key",
            field=models.CharField(default="", editable=False, max_length=600),
        ),
        migrations.RunPython(fill, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name="member", index=models.Index(fields=["unit", "search_key"], name="member_search_idx"),
        ),
        migrations.AlterModelOptions(
            name="organization",
            options={"ordering": ["position", "name_key", "name"], "verbose_name": "tổ chức đảng",
                     "verbose_name_plural": "tổ chức đảng"},
        ),
    ]
