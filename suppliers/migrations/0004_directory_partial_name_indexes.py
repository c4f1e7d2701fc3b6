"""The directory's indexes: one for buyers (findable) and one for the public listing, in name order with the
filter columns after, so a page stops after twenty rows and a count reads only the index."""

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('suppliers', '0003_directory_name_index'),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name='supplier',
            name='suppliers_findable_idx',
        ),
        migrations.RemoveIndex(
            model_name='supplier',
            name='suppliers_public_idx',
        ),
        migrations.RemoveIndex(
            model_name='supplier',
            name='suppliers_name_idx',
        ),
        migrations.AddIndex(
            model_name='supplier',
            index=models.Index(condition=models.Q(('findable', True)), fields=['business_name', 'id', 'kind', 'size', 'postcode_district'], name='suppliers_findable_name_idx'),
        ),
        migrations.AddIndex(
            model_name='supplier',
            index=models.Index(condition=models.Q(('listed_publicly', True)), fields=['business_name', 'id', 'kind', 'size', 'postcode_district'], name='suppliers_public_name_idx'),
        ),
    ]
