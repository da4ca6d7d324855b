from msgbank_en import EN
from msgbank_pl import PL
